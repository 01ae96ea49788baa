"""placeholder"""
def complete(ws, path, line, column):
    return []
