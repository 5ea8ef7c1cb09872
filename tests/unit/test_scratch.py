"""The scratch copy the build tests work on: tracked files only, and a warning naming the others."""

import subprocess

import pytest

from dtbook.site.scratch import copy_project


def test_a_scratch_copy_holds_the_tracked_files_and_names_the_untracked_ones(tmp_path):
    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    (repo / "data" / "kept.csv").write_text("a\n1\n")
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run(["git", "add", "data/kept.csv"], cwd=repo, check=True)
    (repo / "data" / "new.csv").write_text("b\n2\n")
    with pytest.warns(UserWarning, match=r"leaves out 1 untracked file\(s\), e\.g\. data/new\.csv"):
        copy_project(tmp_path / "copy", root=repo)
    assert (tmp_path / "copy" / "data" / "kept.csv").read_text() == "a\n1\n"
    assert not (tmp_path / "copy" / "data" / "new.csv").exists()
