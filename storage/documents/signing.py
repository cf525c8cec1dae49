"""数字签名（非电子印章）: sign an exported PDF with the clerk's own certificate.

A PDF signature (PAdES, through pyHanko) with a certificate in a PKCS#12 file
(.p12/.pfx) the clerk holds: it shows who signed and that the file has not changed since.
It is **not** an electronic seal: a 电子印章 under GB/T 38540 needs SM2 keys and a
certificate from an authorised seal platform, which this is not. The password is used for
one signature and never stored. pyHanko is an optional extra (``pip install .[sign]``).
"""

from __future__ import annotations

import io
import pathlib

from model.errors import ZepingError

REASON = "绩效自评报告确认无误"


def signing_available() -> bool:
    """Whether pyHanko is installed (the ``sign`` extra)."""
    try:
        import pyhanko.sign  # noqa: F401
    except ImportError:
        return False
    return True


def sign_pdf(data: bytes, certificate: pathlib.Path, password: str, *, signer_name: str = "") -> bytes:
    """``data`` (a PDF) with a signature made by the key in ``certificate``.

    ZepingError (``sign.unavailable``, ``sign.bad-certificate``, ``sign.failed``) when it
    cannot be signed; the caller then writes nothing.
    """
    if not signing_available():
        raise ZepingError("本机没有安装数字签名组件 pyHanko（pip install \"zeping[sign]\"），无法签名", "sign.unavailable")
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign import signers
    from pyhanko.sign.general import SigningError

    try:
        signer = signers.SimpleSigner.load_pkcs12(  # type: ignore[no-untyped-call]  # pyHanko leaves it unannotated
            pfx_file=str(certificate), passphrase=password.encode("utf-8"))
    except (OSError, ValueError, TypeError):
        signer = None
    if signer is None:
        raise ZepingError(f"证书文件 {certificate.name} 无法使用：密码不对，或它不是 PKCS#12 证书（.p12/.pfx）",
                          "sign.bad-certificate")
    metadata = signers.PdfSignatureMetadata(field_name="Signature1", reason=REASON, name=signer_name or None)
    out = io.BytesIO()
    try:
        signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(data)), metadata, signer=signer, output=out)
    except (SigningError, PdfError) as exc:  # a document or key pyHanko cannot use
        raise ZepingError(f"无法签名：{exc}", "sign.failed") from None
    return out.getvalue()
