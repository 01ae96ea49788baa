"""placeholder"""
def definition(ws, path, line, column):
    return []
def references(ws, path, line, column, include_declaration=True):
    return []
