"""Build a notebook from a text file: cells separated by lines '# %% [markdown]' or '# %%'."""
import sys, json, nbformat
from nbformat.v4 import new_notebook, new_code_cell, new_markdown_cell
src, out = sys.argv[1], sys.argv[2]
meta = json.loads(sys.argv[3]) if len(sys.argv) > 3 else {}
text = open(src).read()
cells, kind, buf = [], None, []
def flush():
    if kind is None: return
    body = "\n".join(buf).strip("\n")
    if kind == "md":
        body = "\n".join(l[2:] if l.startswith("# ") else (l[1:] if l.startswith("#") else l) for l in body.splitlines())
        cells.append(new_markdown_cell(body))
    else:
        c = new_code_cell(body)
        tags = [l.split(":",1)[1].strip() for l in buf if l.startswith("#| tags:")]
        cells.append(c)
for line in text.splitlines():
    if line.startswith("# %% [markdown]"):
        flush(); kind, buf = "md", []
    elif line.startswith("# %%"):
        flush(); kind, buf = "code", []
    else:
        buf.append(line)
flush()
nb = new_notebook(cells=cells)
nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
nb.metadata["language_info"] = {"name": "python"}
if meta: nb.metadata["dtbook"] = meta
for i, c in enumerate(nb.cells):
    c["id"] = f"c{i:02d}"
nbformat.write(nb, out)
