"""placeholder"""
def hover_at(ws, path, line, column):
    return None
