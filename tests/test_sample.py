from synth.sample import SAMPLE_MARKER, demo_reports

from conftest import SAMPLES, SEED


def test_demo_reports_are_deterministic_and_match_the_committed_files(framework, directory):
    first = demo_reports(SEED, framework, directory)
    second = demo_reports(SEED, framework, directory)
    assert first == second
    assert {p.name: p.read_text(encoding="utf-8") for p in SAMPLES} == first


def test_every_demo_report_says_it_is_sample_data(framework, directory):
    for text in demo_reports(SEED, framework, directory).values():
        assert SAMPLE_MARKER in text.split("\n")[2]
