"""The model index: parsed modules and what a project maps (see analysis/index/model.py).

Example::

    from analysis.index import build_project, extract_facts, parse_module_info, qualified_name
    info = parse_module_info(source, path="app/models.py", module_name="app.models")
    index = build_project([info.facts])
    index.models["app.models.User"].columns["id"].primary_key     # True
"""
from analysis.index.builder import build_project, flask_tablename
from analysis.index.facts import ModuleFacts, extract_facts
from analysis.index.model import (ColumnInfo, ModelInfo, ProjectIndex, RelationshipInfo,
                                  TableInfo)
from analysis.index.names import canonical, qualified_name
from analysis.index.parse import ModuleInfo, parse_module_info

__all__ = ["ColumnInfo", "ModelInfo", "ModuleFacts", "ModuleInfo", "ProjectIndex",
           "RelationshipInfo", "TableInfo", "build_project", "canonical", "extract_facts",
           "flask_tablename", "parse_module_info", "qualified_name"]
