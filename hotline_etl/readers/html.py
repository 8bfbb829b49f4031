"""placeholder while writing"""
def read_html(data, name):
    raise NotImplementedError
