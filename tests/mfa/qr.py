"""Reading the inline SVG QR code back into its module matrix, to compare with the matrix of a known URI."""

import re

import qrcode

SQUARE = re.compile(r"M(\d+),(\d+)H(\d+)V(\d+)H(\d+)z")


def svg_modules(svg):
    """The dark modules drawn by a qrcode SvgPathImage: one unit square per module."""
    path = re.search(r'<path d="([^"]+)"', svg).group(1)
    squares = SQUARE.findall(path)
    assert "".join(f"M{x},{y}H{x2}V{y2}H{x3}z" for x, y, x2, y2, x3 in squares) == path, "unexpected path syntax"
    return {(int(x), int(y)) for x, y, *_ in squares}


def modules_for(data):
    """The dark modules of the QR code that encodes `data` (qrcode's defaults: error correction M, border 4)."""
    code = qrcode.QRCode()
    code.add_data(data)
    code.make(fit=True)
    return {(x, y) for y, row in enumerate(code.get_matrix()) for x, dark in enumerate(row) if dark}
