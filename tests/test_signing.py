"""数字签名（非电子印章）: an exported PDF signed with the clerk's own PKCS#12 certificate
validates; a wrong password or file is refused naming the file (issue 11 item 3)."""

from __future__ import annotations

import datetime
import io
import pathlib

import pytest

pytest.importorskip("pyhanko")

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from model.errors import ZepingError
from storage.documents.pdf import render_pdf
from storage.documents.signing import sign_pdf
from storage.rulesets import load_ruleset
from storage.sample import sample_report


def make_certificate(folder: pathlib.Path, password: str) -> tuple[pathlib.Path, x509.Certificate]:
    """A self-signed certificate and its key in a .p12, as a clerk might hold one."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "益阳市资阳区科学技术协会 办公室"),
                      x509.NameAttribute(NameOID.COUNTRY_NAME, "CN")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                                     encipher_only=False, decipher_only=False), critical=True)
        .sign(key, hashes.SHA256())
    )
    path = folder / "clerk.p12"
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"clerk", key, certificate, None, serialization.BestAvailableEncryption(password.encode())))
    return path, certificate


@pytest.fixture(scope="module")
def pdf() -> bytes:
    report = sample_report()
    return render_pdf(report, load_ruleset(report.ruleset), stable=True)


def test_a_signed_pdf_validates(tmp_path, pdf):
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    p12, certificate = make_certificate(tmp_path, "密码123")
    signed = sign_pdf(pdf, p12, "密码123", signer_name="张三")
    assert signed.startswith(pdf[:8]) and len(signed) > len(pdf)
    reader = PdfFileReader(io.BytesIO(signed))
    [signature] = reader.embedded_signatures
    root = asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))
    status = validate_pdf_signature(signature, ValidationContext(trust_roots=[root]))
    assert status.intact and status.valid and status.trusted
    assert status.coverage.name == "ENTIRE_FILE"


def test_a_changed_signed_pdf_fails_validation(tmp_path, pdf):
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    p12, certificate = make_certificate(tmp_path, "pw")
    root = asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))
    signed = bytearray(sign_pdf(pdf, p12, "pw"))
    position = signed.index(b"/Author")
    signed[position + 10] ^= 0x01  # one byte of the signed content changed
    [signature] = PdfFileReader(io.BytesIO(bytes(signed))).embedded_signatures
    assert not validate_pdf_signature(signature, ValidationContext(trust_roots=[root])).intact


@pytest.mark.parametrize("password", ["wrong", ""])
def test_a_wrong_password_is_refused_naming_the_file(tmp_path, pdf, password):
    p12, _certificate = make_certificate(tmp_path, "right")
    with pytest.raises(ZepingError) as refused:
        sign_pdf(pdf, p12, password)
    assert refused.value.code == "sign.bad-certificate" and "clerk.p12" in refused.value.message


def test_a_file_that_is_no_certificate_is_refused(tmp_path, pdf):
    fake = tmp_path / "not.p12"
    fake.write_bytes(b"not a certificate")
    with pytest.raises(ZepingError) as refused:
        sign_pdf(pdf, fake, "x")
    assert refused.value.code == "sign.bad-certificate"
