"""Thai text analysis done in Python, identically at index and query time.

The Elasticsearch we can run has no Thai analyzer, so text is segmented here (PyThaiNLP `newmm`, offline) and
indexed space-joined under the `standard` analyzer. Two representations are produced:

* words: dictionary words from `newmm` with a trade dictionary. Plain `newmm` keeps trade compounds whole
  (ช่างซ่อม, รถจักรยานยนต์) so a query for ซ่อม would miss them; those compounds are removed from the dictionary
  so they split, and loanwords it breaks (อีวี → อี|วี) are added whole. Boosted for precision.
* grams: bigrams of Thai character clusters (TCC) inside each Thai word, for recall when a query word is part
  of a longer indexed word or segmentation differs. ES has no ngram tokenizer here, so this is computed in Python.
"""

import os
import re
import unicodedata
from functools import lru_cache

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

from pythainlp.corpus import thai_words  # noqa: E402
from pythainlp.tokenize import Tokenizer, subword_tokenize  # noqa: E402
from pythainlp.util import Trie  # noqa: E402

# Words of the trade that newmm breaks apart; kept whole.
TRADE_WORDS = {
    "อีวี", "โซล่าเซลล์", "โซลาร์เซลล์", "มอไซค์", "มอเตอร์ไซค์", "จักรยานยนต์", "แบตเตอรี่", "แบต", "ลิเทียม",
    "คอนโทรลเลอร์", "บีเอ็มเอส", "มอเตอร์", "ฮับมอเตอร์", "ชาร์จ", "ที่ชาร์จ", "สายไฟ", "เกียร์", "เบรก", "หัวฉีด",
    "คาร์บูเรเตอร์", "ดัดแปลง", "แปลง", "อะไหล่", "มัลติมิเตอร์", "วงจร", "อินเวอร์เตอร์", "เซลล์", "โวลต์", "แอมแปร์",
}
# Compounds that newmm keeps whole but users search by their parts; removed so they split.
SPLIT_COMPOUNDS = {
    "ช่างซ่อม", "ช่างเชื่อม", "รถไฟฟ้า", "รถจักรยานยนต์", "งานซ่อม", "ซ่อมบำรุง", "ช่างไฟฟ้า", "ช่างยนต์",
    "รถยนต์ไฟฟ้า", "ไฟฟ้ากำลัง", "ช่างซ่อมรถ", "ซ่อมรถ", "ช่างกล", "รถมอเตอร์ไซค์", "ลงรถ", "ช่างไฟ",
}

_THAI = re.compile(r"[\u0E00-\u0E7F]")
_SEPARATORS = re.compile(r"[\s\-_/\\|,;:!?()\[\]{}\"'“”‘’<>*#@&=~^`]+")
_TOKEN_CLEAN = re.compile(r"[^\w\u0E00-\u0E7F.+]+", re.UNICODE)


@lru_cache(maxsize=1)
def _tokenizer() -> Tokenizer:
    words = (set(thai_words()) - SPLIT_COMPOUNDS) | TRADE_WORDS
    return Tokenizer(custom_dict=Trie(words), engine="newmm", keep_whitespace=False)


def normalise(text: str) -> str:
    """NFC, lower-case, collapse whitespace; Thai is left as typed."""
    return " ".join(_SEPARATORS.sub(" ", unicodedata.normalize("NFC", text or "").lower()).split())


def segment(text: str) -> list[str]:
    """Words of `text`: Thai segmented by newmm (trade dictionary), Latin words as they are, punctuation dropped."""
    words = []
    for raw in _tokenizer().word_tokenize(normalise(text)):
        token = _TOKEN_CLEAN.sub("", raw).strip(".+")
        if token:
            words.append(token)
    return words


@lru_cache(maxsize=20000)
def _word_grams(word: str) -> tuple[str, ...]:
    if not _THAI.search(word):
        return ()
    clusters = subword_tokenize(word, engine="tcc")
    if len(clusters) == 1:
        return (clusters[0],)
    return tuple(a + b for a, b in zip(clusters, clusters[1:], strict=False))


def grams(text: str) -> list[str]:
    """Thai character-cluster bigrams of every Thai word (Latin words contribute nothing)."""
    out = []
    for word in segment(text):
        out.extend(_word_grams(word))
    return out


def words_text(text: str) -> str:
    """What is stored in a `*_words` field: segmented words joined by spaces."""
    return " ".join(segment(text))


def grams_text(text: str) -> str:
    """What is stored in a `*_grams` field."""
    return " ".join(grams(text))
