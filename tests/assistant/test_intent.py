from __future__ import annotations

import pytest

from assistant.intent import Intent, detect_intent, heading_matches


@pytest.mark.parametrize(
    "question, intent",
    [
        ("威海市在电机产业方面承诺了哪些下步措施？", Intent.COMMITMENTS),
        ("周村区下一步有什么打算？", Intent.COMMITMENTS),
        ("What motor-industry measures did Weihai promise?", Intent.COMMITMENTS),
        ("张店区工业发展存在哪些问题？", Intent.PROBLEMS),
        ("What problems does Zhangdian face?", Intent.PROBLEMS),
        ("威海已经采取了哪些措施推动智能制造？", Intent.WORK_DONE),
        ("周村区开展了哪些供需对接活动？", Intent.WORK_DONE),
        ("威海市5G基站有多少座？", Intent.FIGURE),
        ("华力电机是哪里的企业？", Intent.GENERAL),
        ("市政协第52号提案是谁提的？", Intent.METADATA),
        ("Who proposed CPPCC proposal No. 5 in Weihai?", Intent.METADATA),
        ("九三学社对周村区智能装备产业链提了哪些对策建议？", Intent.SUGGESTIONS),
        ("九三学社在提案里指出周村区智能装备产业链有哪些突出问题？", Intent.PROBLEMS),
    ],
)
def test_detect_intent(question, intent):
    assert detect_intent(question) is intent


def test_forward_looking_headings_match_commitments_only():
    path = ("三、下步工作措施", "（一）加强顶层规划，优化产业发展布局")
    assert heading_matches(Intent.COMMITMENTS, path)
    assert not heading_matches(Intent.PROBLEMS, path)
    assert heading_matches(Intent.PROBLEMS, ("一、张店区工业发展现状及存在问题",))
    assert heading_matches(Intent.WORK_DONE, ("二、工作开展情况", "（一）加强顶层规划设计"))
    assert not heading_matches(Intent.GENERAL, path)


def test_promises_come_from_replies_and_suggestions_from_proposals():
    from assistant.intent import part_fits

    assert part_fits(Intent.COMMITMENTS, "body") and not part_fits(Intent.COMMITMENTS, "proposal")
    assert part_fits(Intent.SUGGESTIONS, "proposal") and not part_fits(Intent.SUGGESTIONS, "body")
    assert part_fits(Intent.PROBLEMS, "proposal") and part_fits(Intent.PROBLEMS, "body")
