import shutil
import sys

import pytest

from conftest import ROOT

pytest.importorskip("pyspark")
pytest.importorskip("pandas")
pytest.importorskip("pyarrow")
if shutil.which("java") is None:
    pytest.skip("no Java for Spark", allow_module_level=True)

sys.path.insert(0, str(ROOT / "scripts" / "spark"))


def test_map_in_pandas_gives_the_cli_findings(cli_path, tmp_path, capsys):
    import spark_python

    code = spark_python.main(
        ["--mtlint", cli_path, "--copies", "1", "--repeat", "1", "--shards", "4",
         "--workdir", str(tmp_path), "--master", "local[2]"]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert "PASS" in out
