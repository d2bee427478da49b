// The composer: a saved reply inserted at the cursor, and the SMS length counted as the
// server counts it (between/core/sms_segments.py): GSM-7 with its extension table taking
// two septets, 160 in one message or 153 per part; anything else UCS-2 in UTF-16 code
// units, 70 or 67.
(function () {
  "use strict";
  var BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  var EXTENSION = "\f^{}\\[~]|€";

  function smsLength(text) {
    var chars = Array.from(text);
    var gsm = chars.every(function (c) { return BASIC.indexOf(c) >= 0 || EXTENSION.indexOf(c) >= 0; });
    var sizes = chars.map(function (c) {
      if (gsm) { return EXTENSION.indexOf(c) >= 0 ? 2 : 1; }
      return c.codePointAt(0) > 0xFFFF ? 2 : 1;
    });
    var single = gsm ? 160 : 70, part = gsm ? 153 : 67;
    var units = sizes.reduce(function (a, b) { return a + b; }, 0);
    var segments = 0;
    if (units > 0 && units <= single) { segments = 1; }
    else if (units > single) {
      var used = 0; segments = 1;
      sizes.forEach(function (size) {
        if (used + size > part) { segments += 1; used = 0; }
        used += size;
      });
    }
    return { gsm: gsm, units: units, segments: segments };
  }

  function summary(n) {
    var text = n.units + " characters · " + n.segments + " text " + (n.segments === 1 ? "message" : "messages");
    if (!n.gsm && n.units) { text += " (special characters: 70 per message)"; }
    return text;
  }

  document.querySelectorAll("[data-composer]").forEach(function (form) {
    var body = form.querySelector("[data-reply-box]");
    var channel = form.querySelector("[data-channel]");
    var counter = form.querySelector("[data-counter]");
    var insecure = form.querySelector("[data-insecure]");
    var saved = form.querySelector("[data-saved]");
    var insert = form.querySelector("[data-insert]");

    function update() {
      var sms = channel && channel.value === "sms";
      if (counter) {
        counter.classList.toggle("d-none", !sms);
        counter.textContent = summary(smsLength(body.value));
      }
      if (insecure) {
        insecure.classList.toggle("d-none", !(channel && (channel.value === "sms" || channel.value === "email")));
      }
    }

    // Deferred: some input methods fire "input" before the box holds the whole text.
    function soon() { window.setTimeout(update, 0); }
    ["input", "change", "keyup", "paste", "cut"].forEach(function (name) {
      body.addEventListener(name, soon);
    });
    if (channel) { channel.addEventListener("change", update); }
    if (insert && saved) {
      insert.addEventListener("click", function (event) {
        event.preventDefault();
        var option = saved.options[saved.selectedIndex];
        if (!option || !option.value) { saved.focus(); return; }
        var text = option.getAttribute("data-body") || "";
        var start = body.selectionStart, end = body.selectionEnd;
        if (typeof start !== "number" || document.activeElement !== body && start === 0 && end === 0 && body.value) {
          start = end = body.value.length;
        }
        body.value = body.value.slice(0, start) + text + body.value.slice(end);
        body.focus();
        body.setSelectionRange(start + text.length, start + text.length);
        update();
      });
    }
    update();
  });
}());
