"""One contract suite, run against both Store implementations (Qdrant Edge and qdrant-client)."""

from __future__ import annotations

import pytest

from index.sparse import SparseVec
from index.store import SearchFilter, StoreError, StorePoint, open_store, point_id


@pytest.fixture(params=["edge", "remote"])
def make_store(request, tmp_path):
    opened = []

    def make(dense_dim=None, name="s"):
        if request.param == "edge":
            s = open_store(tmp_path / name, dense_dim=dense_dim)
        else:
            s = open_store(url=":memory:", collection=name, dense_dim=dense_dim)
        opened.append(s)
        return s

    yield make
    for s in opened:
        s.close()


def chunk(doc, n, terms, region="威海市", city="威海市", year=2024, dense=None, agency="威海市工业和信息化局"):
    return StorePoint(
        id=point_id(f"{doc}::{n}"),
        payload={"kind": "chunk", "doc_id": doc, "chunk_id": f"{doc}::{n}", "ordinal": n, "region": region,
                 "city": city, "year": year, "agency": agency, "doc_type": "提案答复", "text": f"t{n}"},
        sparse=SparseVec(sorted(terms), [1.0] * len(terms)),
        dense=dense,
    )


def test_sparse_query_ranks_the_matching_chunk_first(make_store):
    s = make_store()
    s.upsert([chunk("a", 0, [1, 2]), chunk("a", 1, [3]), chunk("b", 0, [2, 4])])
    hits = s.query(sparse=SparseVec([1, 2], [1.0, 1.0]), dense=None, flt=SearchFilter(), limit=3)
    assert [h.payload["chunk_id"] for h in hits][:2] == ["a::0", "b::0"]
    assert hits[0].score > hits[1].score


def test_idf_weights_rare_terms_higher(make_store):
    s = make_store()
    # term 7 occurs everywhere, term 9 only in doc c: a query for both must prefer c.
    s.upsert([chunk("a", 0, [7, 8]), chunk("b", 0, [7, 8]), chunk("c", 0, [7, 9]), chunk("d", 0, [7, 8])])
    hits = s.query(sparse=SparseVec([7, 9], [1.0, 1.0]), dense=None, flt=SearchFilter(), limit=4)
    assert hits[0].payload["doc_id"] == "c"


def test_region_filter_on_a_city_matches_its_districts(make_store):
    s = make_store()
    s.upsert([
        chunk("zc", 0, [1], region="周村区", city="淄博市"),
        chunk("zb", 0, [1], region="淄博市", city="淄博市"),
        chunk("wh", 0, [1], region="威海市", city="威海市"),
    ])
    q = SparseVec([1], [1.0])
    city = {h.payload["doc_id"] for h in s.query(sparse=q, dense=None, flt=SearchFilter(regions=("淄博市",)), limit=10)}
    assert city == {"zc", "zb"}
    district = {h.payload["doc_id"] for h in s.query(sparse=q, dense=None, flt=SearchFilter(regions=("周村区",)), limit=10)}
    assert district == {"zc"}


def test_year_agency_and_doc_filters(make_store):
    s = make_store()
    s.upsert([chunk("a", 0, [1], year=2023), chunk("b", 0, [1], year=2024, agency="张店区工业和信息化局")])
    q = SparseVec([1], [1.0])
    assert [h.payload["doc_id"] for h in s.query(sparse=q, dense=None, flt=SearchFilter(year_from=2024), limit=5)] == ["b"]
    assert [h.payload["doc_id"] for h in s.query(sparse=q, dense=None, flt=SearchFilter(year_to=2023), limit=5)] == ["a"]
    by_agency = s.query(sparse=q, dense=None, flt=SearchFilter(agency="张店区工业和信息化局"), limit=5)
    assert [h.payload["doc_id"] for h in by_agency] == ["b"]
    assert [h.payload["doc_id"] for h in s.query(sparse=q, dense=None, flt=SearchFilter(doc_ids=("a",)), limit=5)] == ["a"]


def test_records_without_vectors_are_kept_apart_from_chunks(make_store):
    s = make_store()
    s.upsert([chunk("a", 0, [1]), StorePoint(id=point_id("doc:a"), payload={"kind": "doc", "doc_id": "a", "n": 1})])
    assert s.count(SearchFilter()) == 1
    assert s.count(SearchFilter(kind="doc")) == 1
    assert s.scroll(SearchFilter(kind="doc")) == [{"kind": "doc", "doc_id": "a", "n": 1}]
    hits = s.query(sparse=SparseVec([1], [1.0]), dense=None, flt=SearchFilter(), limit=5)
    assert all(h.payload["kind"] == "chunk" for h in hits)


def test_delete_by_document_removes_only_that_document(make_store):
    s = make_store()
    s.upsert([chunk("a", 0, [1]), chunk("a", 1, [1]), chunk("b", 0, [1])])
    s.delete(SearchFilter(doc_ids=("a",)))
    assert [p["doc_id"] for p in s.scroll(SearchFilter())] == ["b"]


def test_upsert_with_the_same_id_replaces(make_store):
    s = make_store()
    s.upsert([chunk("a", 0, [1])])
    s.upsert([chunk("a", 0, [2])])
    assert s.count(SearchFilter()) == 1
    assert s.query(sparse=SparseVec([1], [1.0]), dense=None, flt=SearchFilter(), limit=5) == []


def test_scroll_pages_through_everything(make_store):
    s = make_store()
    s.upsert([chunk("a", i, [1]) for i in range(2500)])
    assert len(s.scroll(SearchFilter())) == 2500
    assert len(s.scroll(SearchFilter(), limit=10)) == 10


def test_retrieve_by_id(make_store):
    s = make_store()
    s.upsert([chunk("a", 0, [1]), chunk("a", 1, [1])])
    got = s.retrieve([point_id("a::1")])
    assert [p["chunk_id"] for p in got] == ["a::1"]


def test_hybrid_query_fuses_dense_and_sparse(make_store):
    s = make_store(dense_dim=3)
    assert s.dense_dim == 3
    s.upsert([
        chunk("lex", 0, [1], dense=[0.0, 0.0, 1.0]),
        chunk("sem", 0, [5], dense=[1.0, 0.0, 0.0]),
        chunk("both", 0, [1, 2], dense=[0.9, 0.1, 0.0]),
    ])
    hits = s.query(sparse=SparseVec([1, 2], [1.0, 1.0]), dense=[1.0, 0.0, 0.0], flt=SearchFilter(), limit=3)
    ids = [h.payload["doc_id"] for h in hits]
    assert ids[0] == "both"  # first in the sparse list, second in the dense one
    assert set(ids) == {"lex", "sem", "both"}
    dense_only = s.query(sparse=None, dense=[1.0, 0.0, 0.0], flt=SearchFilter(), limit=1)
    assert dense_only[0].payload["doc_id"] == "sem"


def test_reopening_with_another_dense_dimension_is_refused(make_store, request):
    s = make_store(dense_dim=None, name="x")
    s.upsert([chunk("a", 0, [1])])
    s.flush()
    if "edge" in request.node.callspec.id:
        s.close()
        with pytest.raises(StoreError, match="--rebuild"):
            open_store(s.path, dense_dim=8)
    else:
        with pytest.raises(StoreError, match="--rebuild"):
            from index.store.remote import RemoteStore

            RemoteStore(s.client, collection="x", dense_dim=8)


def test_edge_store_persists_across_reopen(tmp_path):
    s = open_store(tmp_path / "p")
    s.upsert([chunk("a", 0, [1])])
    s.close()
    again = open_store(tmp_path / "p", create=False)
    assert again.count(SearchFilter()) == 1
    again.close()


def test_opening_a_missing_edge_store_without_create_says_what_to_do(tmp_path):
    with pytest.raises(StoreError, match="assistant index"):
        open_store(tmp_path / "nothing", create=False)


def test_query_without_payload_still_ranks_and_counts(make_store):
    s = make_store()
    s.upsert([chunk("a", 0, [1]), chunk("b", 0, [1, 2])])
    hits = s.query(sparse=SparseVec([2], [1.0]), dense=None, flt=SearchFilter(), limit=10, with_payload=False)
    assert len(hits) == 1 and hits[0].payload == {}


def test_an_edge_store_held_by_another_process_is_named_as_busy(tmp_path):
    import subprocess
    import sys
    import textwrap

    s = open_store(tmp_path / "busy")
    s.upsert([chunk("a", 0, [1])])
    s.flush()
    code = textwrap.dedent(f"""
        from index.store import open_store, StoreError
        try:
            open_store({str(tmp_path / "busy")!r}, create=False)
        except StoreError as e:
            print(e)
    """)
    out = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=60)
    s.close()
    assert "in use by another process" in out.stdout, out.stderr
