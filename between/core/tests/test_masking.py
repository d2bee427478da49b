from between.core.masking import mask_address_header, mask_email, mask_phone


def test_an_email_keeps_first_letters_and_the_top_level_domain():
    assert mask_email("jane.doe@example.com") == "j***@e***.com"
    assert mask_email("x@localhost") == "x***@l***"
    assert mask_email("not an address") == "***"


def test_a_phone_keeps_its_country_code_and_last_three_digits():
    assert mask_phone("+12125550199") == "+1*******199"
    assert mask_phone("+44 20 7946 0958") == "+4********958"
    assert mask_phone("2125550199") == "*******199"
    assert mask_phone("911") == "***"  # too short to show any of it


def test_an_address_header_loses_names_and_addresses():
    masked = mask_address_header('"Jane Doe" <jane.doe@example.com>, bob@mail.example.org')
    assert masked == "j***@e***.com, b***@m***.org"
    assert "Jane" not in masked and "Doe" not in masked
