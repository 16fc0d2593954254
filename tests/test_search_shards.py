"""The search index's files (generator/browser/search_shards.py) and search.js's reading and ranking of them.

The browser side runs under Node on indexes written here: the same shard for a token, the same postings,
every word of a query required, best first.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.browser.search_index import Document, index_documents
from generator.browser.search_shards import (
    LEVELS,
    OWN_FILE_CHARS,
    Postings,
    decode,
    encode,
    fnv1a,
    shard_files,
)
from generator.browser.search_tokens import han_word
from tests.search_index_files import manifest, node, records
from tests.search_index_files import postings as read_postings


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40_000), st.integers(1, LEVELS)), unique_by=lambda pair: pair[0]))
def test_postings_read_back_as_written(pairs: list[tuple[int, int]]) -> None:
    pairs.sort()
    assert decode(encode(pairs)) == pairs


def test_a_token_lands_in_exactly_one_shard_the_one_its_hash_names() -> None:
    found = {f"w{number}": [(number, 5), (number + 3, 9)] for number in range(400)}
    found["common"] = [(number, 7) for number in range(0, 3000, 2)]  # longer than OWN_FILE_CHARS
    count, files, own = shard_files({token: (encode(pairs), len(pairs)) for token, pairs in found.items()})
    assert count > 1
    shards = {name: json.loads(text) for name, text in files.items() if name.startswith("p/")}
    assert len(shards) == count
    for token in found:
        holding = [name for name, shard in shards.items() if token in shard]
        assert holding == ([] if token == "common" else [f"p/{fnv1a(token) % count}.json"]), token
    assert len(encode(found["common"])) > OWN_FILE_CHARS and own == ["common"]
    assert decode(json.loads(files["t/common.json"])) == found["common"]  # its postings in a file of its own
    assert decode(shards[f"p/{fnv1a('w7') % count}.json"]["w7"]) == [(7, 5), (10, 9)]


def test_a_records_postings_carry_its_weight_and_length(tmp_path: Path) -> None:
    documents = [
        Document("a/", "继续教育", "", "", "", 1.0),  # in the title
        Document("b/", "通知", "", "专业技术人员的继续教育", "", 1.0),  # in the text
        Document("c/", "通知", "", "继续教育" + "，其他内容" * 40, "", 1.0),  # in a long text
    ]
    index_documents(tmp_path, documents)
    levels = dict(read_postings(tmp_path, han_word("继续")))
    assert set(levels) == {0, 1, 2} and levels[0] > levels[1] > levels[2] >= 1
    assert [record for record, _ in read_postings(tmp_path, han_word("通知"))] == [1, 2]
    assert read_postings(tmp_path, han_word("量子")) == []
    assert manifest(tmp_path)["n"] == 3 and [record["href"] for record in records(tmp_path)] == ["a/", "b/", "c/"]


def test_the_folder_is_named_by_the_content_and_only_the_manifest_has_a_fixed_name(tmp_path: Path) -> None:
    documents = [Document("a/", "继续教育", "", "文字", "", 1.0)]
    first = index_documents(tmp_path / "one", documents)["d"]
    assert index_documents(tmp_path / "two", documents)["d"] == first
    assert index_documents(tmp_path / "three", [Document("a/", "继续教育", "", "另一段文字", "", 1.0)])["d"] != first
    assert sorted(path.name for path in (tmp_path / "one" / "search").iterdir()) == [first, "manifest.json"]


def test_the_browser_finds_the_same_shard_and_postings_as_the_index_writer() -> None:
    tokens = ["z8e7gvz", "d20261231", "07713237366", "a", "zzzz", "m1231"]
    texts = [
        encode([(0, 1)]),
        encode([(5, 63), (6, 1), (40_000, 32)]),
        encode([(number, 7) for number in range(0, 900, 31)]),
    ]
    found = node(
        "console.log(JSON.stringify([JSON.parse(process.argv[2]).map((t) => window.gxSearch.shardOf(t, 97)),"
        " JSON.parse(process.argv[3]).map((x) => { const d = window.gxSearch.decode(x); return d.ids.map((id, i) => [id, d.levels[i]]); })]));",
        ".",
        json.dumps(tokens),
        json.dumps(texts),
    )
    assert found == [[fnv1a(token) % 97 for token in tokens], [[list(pair) for pair in decode(text)] for text in texts]]


def ranked(site: Path, *queries: str) -> list[dict[str, Any]]:
    """search.js's find() under Node: each query's result URLs in order, whether partial, the files fetched."""
    return list(
        node(
            """
            (async () => {
              const out = [];
              for (const query of JSON.parse(process.argv[2])) {
                asked.length = 0;
                const found = await window.gxSearch.answer(query);
                const first = await Promise.all(found.first);
                out.push({ urls: first.map((shown) => shown[0]), partial: found.partial, asked: asked.slice() });
              }
              console.log(JSON.stringify(out));
            })();
            """,
            str(site),
            json.dumps(queries),
        )
    )


def test_the_browser_requires_every_word_ranks_titles_first_and_loads_only_the_querys_shards(tmp_path: Path) -> None:
    index_documents(
        tmp_path,
        [
            Document("text/", "通知", "", "桂林电子科技大学的联系电话", "", 1.0),
            Document("title/", "桂林电子科技大学", "", "学校", "", 1.0),
            Document("other/", "桂林理工大学", "", "电子邮箱", "", 1.0),
            Document("date/", "期限", "", "应于2026年12月31日前完成", "", 1.0),
            Document("long/", "段落", "", "".join(chr(0x4E00 + 7 * number) for number in range(80)), "", 1.0),
        ],
    )
    paragraph = "".join(chr(0x4E00 + 7 * number) for number in range(80))
    long = paragraph + "量子引力"  # 83 words: the first 64 (MAX_WORDS) searched, all in long/
    electronic, one, date, none, partly, empty, pasted = ranked(
        tmp_path, "电子科技", "桂", "2026-12-31", "量子引力", "桂林电子邮箱", "！？", long
    )
    assert electronic == {"urls": ["title/", "text/"], "partial": False, "asked": electronic["asked"]}
    index = manifest(tmp_path)
    shards = {f"/search/{index['d']}/p/{fnv1a(han_word(pair)) % index['s']}.json" for pair in ("电子", "子科", "科技")}
    shown = {f"/search/{index['d']}/r/{number}.json" for number in (0, 1)}
    assert set(electronic["asked"]) == {"/search/manifest.json", *shards, *shown}  # only the query's shards
    assert sorted(one["urls"]) == ["other/", "text/", "title/"]  # one character: every record that has it
    assert date["urls"] == ["date/"] and none == {"urls": [], "partial": False, "asked": none["asked"]}
    assert partly["partial"] and set(partly["urls"]) >= {"other/", "text/", "title/"}  # at least half the words
    assert empty["urls"] == [] and pasted == {"urls": ["long/"], "partial": False, "asked": pasted["asked"]}


def test_the_browser_fetches_a_common_tokens_own_file_straight_away(tmp_path: Path) -> None:
    many = [Document(f"n{number}/", "继续教育", "", f"第{number}条", "", 1.0) for number in range(700)]
    index: dict[str, Any] = index_documents(tmp_path, [*many, Document("x/", "继续学习", "", "", "", 1.0)])
    common = han_word("继续")
    assert common in index["b"].split() and han_word("学习") not in index["b"].split()
    (found,) = ranked(tmp_path, "继续学习")
    assert found["urls"] == ["x/"]
    fetched = {
        path.rsplit("/", 2)[-2] + "/" + path.rsplit("/", 1)[-1]
        for path in found["asked"]
        if "/p/" in path or "/t/" in path
    }
    shard_of = {f"p/{fnv1a(han_word(word)) % index['s']}.json" for word in ("续学", "学习", "学", "续")}
    assert f"t/{common}.json" in fetched and fetched - {f"t/{common}.json"} <= shard_of


def test_the_browser_reads_the_manifest_again_when_the_site_was_published_since(tmp_path: Path) -> None:
    index_documents(
        tmp_path, [Document("a/", "继续教育", "", "", "", 1.0), Document("b/", "学时要求", "", "", "", 1.0)]
    )
    found = node(
        """
        (async () => {
          const before = await window.gxSearch.answer("继续");
          // Published again: the index in a new folder, the old one gone.
          fs.renameSync(path.join(site, "search", before.index.d), path.join(site, "search", "0123456789ab"));
          const manifestFile = path.join(site, "search", "manifest.json");
          fs.writeFileSync(manifestFile, fs.readFileSync(manifestFile, "utf8").replace(before.index.d, "0123456789ab"));
          asked.length = 0;
          const after = await window.gxSearch.answer("学时"); // its record not loaded yet: missing
          const manifests = asked.filter((p) => p.endsWith("manifest.json")).length;
          console.log(JSON.stringify({ folder: after.index.d, shown: await Promise.all(after.first), manifests }));
        })();
        """,
        str(tmp_path),
    )
    assert found == {"folder": "0123456789ab", "shown": [["b/", "学时要求", "", ""]], "manifests": 1}


def test_postings_far_apart_are_written_as_encode_writes_them() -> None:
    postings = Postings()
    for record in range(3000):
        postings.add({"rare": 10.0} if record in (0, 2999) else {"other": 1.0}, 4)
    text, df = postings.encoded()["rare"]
    assert df == 2 and [record for record, _ in decode(text)] == [0, 2999]  # a gap of 2,998: a longer varint
    assert text == encode(decode(text))
