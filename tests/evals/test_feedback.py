"""App feedback exported as eval-set records that the eval loader accepts."""

from __future__ import annotations

from assistant.ui.feedback import FeedbackStore, feedback_record
from evals.dataset import load_dataset
from evals.feedback import eval_items, export_feedback, read_feedback
from tests.fakes import voted_answer


def test_export_writes_eval_lines_the_loader_accepts(tmp_path):
    fb = tmp_path / "feedback.jsonl"
    store = FeedbackStore(fb)
    store.append(feedback_record(voted_answer("有多少品种？"), "down"))
    store.append(feedback_record(voted_answer("有多少品种？"), "up", " 对 ", {"region": "威海市"}))  # the latest vote wins
    store.append(feedback_record(voted_answer("熊猫？", abstained=True), "down"))
    fb.open("a", encoding="utf-8").write("not json\n")
    out = tmp_path / "out" / "fb-evals.jsonl"
    items = export_feedback(fb, out)
    assert [i.question for i in items] == ["有多少品种？", "熊猫？"]
    first, second = items
    assert first.evidence == ("产品覆盖1500多个品种。",) and first.answerable is True
    assert first.tags == ("feedback", "up") and first.id.startswith("fb-")
    assert first.filters == {"region": "威海市"} and first.comment == "对"
    assert second.answerable is False and second.tags == ("feedback", "down") and second.evidence == ()
    assert load_dataset(out) == items  # the file holds exactly these records


def test_a_vote_with_filters_the_eval_set_does_not_know_keeps_the_known_ones(tmp_path):
    fb = tmp_path / "feedback.jsonl"
    FeedbackStore(fb).append(feedback_record(voted_answer("有多少品种？"), "up", "", {"region": "威海市", "colour": "red"}))
    (item,) = export_feedback(fb)
    assert item.filters == {"region": "威海市"}


def test_export_of_a_missing_file_is_empty(tmp_path):
    assert export_feedback(tmp_path / "none.jsonl") == [] and read_feedback(tmp_path / "none.jsonl") == []


def test_evidence_from_documents_not_in_the_index_is_left_out_and_named(tmp_path):
    fb = tmp_path / "feedback.jsonl"
    FeedbackStore(fb).append(feedback_record(voted_answer("有多少品种？"), "up"))
    dropped: list[tuple[str, str]] = []
    (kept,) = eval_items(read_feedback(fb), {"weihai-motor.txt"}, lambda q, d: dropped.append((q, d)))
    (gone,) = eval_items(read_feedback(fb), {"another.txt"}, lambda q, d: dropped.append((q, d)))
    assert kept.evidence == ("产品覆盖1500多个品种。",) and gone.evidence == ()
    assert dropped == [("有多少品种？", "weihai-motor.txt")]
