"""Thai text analysis done in Python, identically at index and query time.

The Elasticsearch we can run has no Thai analyzer, so text is segmented here (PyThaiNLP `newmm`, offline) and
indexed space-joined under the `standard` analyzer. Two representations are produced:

* words: dictionary words from `newmm` with a trade dictionary. Plain `newmm` keeps trade compounds whole
  (ช่างซ่อม, รถจักรยานยนต์) so a query for ซ่อม would miss them; those compounds are removed from the dictionary
  so they split, and loanwords it breaks (อีวี → อี|วี) are added whole. Boosted for precision.
* grams: the Thai character clusters (TCC) of each whole Thai run, in order, ignoring where newmm put word
  edges. Searched with `match_phrase`, a query word's cluster sequence is found wherever it occurs inside the text
  (มือถือ inside โทรศัพท์มือถือ, เย็บ inside ตัดเย็บ), whatever newmm did with the surrounding text. Clusters never
  straddle a syllable, so every syllable run of the text is a run of its clusters. ES has no ngram tokenizer here,
  so this is computed in Python.
Thai digits are read as Arabic digits (๒๕๗๐ = 2570). The words of data/search_synonyms.csv join the dictionary.
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


_THAI_RUN = re.compile(r"[\u0E01-\u0E4E]+")
_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_ABBREVIATION_DOT = re.compile(r"(?<=[\u0E01-\u0E2E])\.(?=[\u0E01-\u0E2E]|\s|$)")


@lru_cache(maxsize=1)
def _tokenizer() -> Tokenizer:
    from .synonyms import file_thai_terms

    words = ((set(thai_words()) | file_thai_terms()) - SPLIT_COMPOUNDS) | TRADE_WORDS
    _TRIE["trie"] = trie = Trie(words)
    return Tokenizer(custom_dict=trie, engine="newmm", keep_whitespace=False)


_TRIE: dict = {}


@lru_cache(maxsize=8192)
def compound_parts(word: str) -> tuple[str, ...]:
    """A dictionary compound as two dictionary words (เชื่อมเหล็ก → เชื่อม, เหล็ก), longest first part first;
    () when it is not one. Lets a query compound match text where its parts stand apart."""
    if not _THAI.search(word) or len(word) < 4:
        return ()
    _tokenizer()
    known = dictionary()
    for prefix in sorted(_TRIE["trie"].prefixes(word), key=len, reverse=True):
        rest = word[len(prefix):]
        if 2 <= len(prefix) < len(word) and len(rest) >= 2 and rest in known:
            return (prefix, rest)
    return ()


def normalise(text: str) -> str:
    """NFC, Thai digits as Arabic, lower-case, abbreviation dots dropped (ตจว. → ตจว), whitespace collapsed."""
    text = _ABBREVIATION_DOT.sub("", unicodedata.normalize("NFC", text or "").translate(_DIGITS).lower())
    return " ".join(_SEPARATORS.sub(" ", text).split())


@lru_cache(maxsize=8192)
def _segment_chunk(chunk: str) -> tuple[str, ...]:
    words = []
    for raw in _tokenizer().word_tokenize(chunk):
        token = _TOKEN_CLEAN.sub("", raw).strip(".+")
        if token:
            words.append(token)
    return tuple(words)


def segment(text: str) -> list[str]:
    """Words of `text`: Thai segmented by newmm (trade dictionary), Latin words as they are, punctuation dropped.
    Each whitespace-separated chunk is segmented on its own (and remembered: catalogue text repeats a lot)."""
    words: list[str] = []
    for chunk in normalise(text).split(" "):
        if chunk:
            words.extend(_segment_chunk(chunk))
    return words


@lru_cache(maxsize=20000)
def _run_clusters(run: str) -> tuple[str, ...]:
    return tuple(subword_tokenize(run, engine="tcc"))


def grams(text: str) -> list[str]:
    """Thai character clusters of every Thai run of `text`, in order (Latin text contributes nothing)."""
    out: list[str] = []
    for run in _THAI_RUN.findall(normalise(text)):
        out.extend(_run_clusters(run))
    return out


_MARKS = set("\u0E31\u0E34\u0E35\u0E36\u0E37\u0E38\u0E39\u0E3A\u0E47\u0E48\u0E49\u0E4A\u0E4B\u0E4C\u0E4D\u0E4E")


def cluster_count(word: str) -> int:
    """How many Thai character clusters `word` has (0 for Latin); a tone mark TCC leaves on its own is not one
    (เชื่อน is เชื|่|อ|น to TCC: three clusters)."""
    return sum(1 for run in _THAI_RUN.findall(word) for c in _run_clusters(run) if not set(c) <= _MARKS)


@lru_cache(maxsize=1)
def dictionary() -> frozenset[str]:
    """The segmentation dictionary (for spelling suggestions: a known word is never 'corrected')."""
    from .synonyms import file_thai_terms

    return frozenset(((set(thai_words()) | file_thai_terms()) - SPLIT_COMPOUNDS) | TRADE_WORDS)


def words_text(text: str) -> str:
    """What is stored in a `*_words` field: segmented words joined by spaces."""
    return " ".join(segment(text))


def grams_text(text: str) -> str:
    """What is stored in a `*_grams` field."""
    return " ".join(grams(text))
