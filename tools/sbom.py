"""The bundle's SBOM: CycloneDX 1.6 JSON naming every wheel it holds (build time only).

One component per package and version (purl `pkg:pypi/...`), with its licence as the
wheel's own metadata declares it (License-Expression, else License, else the licence
classifiers) and, for each wheel file of it in the bundle, a `distribution` reference
`wheels/<file>` carrying that file's SHA-256. The component's `hashes` list the same digests.
Written with cyclonedx-python-lib and validated against the CycloneDX schema.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections import defaultdict
from email.parser import HeaderParser
from pathlib import Path

from cyclonedx.contrib.license.factories import LicenseFactory
from cyclonedx.model import (
    ExternalReference,
    ExternalReferenceType,
    HashAlgorithm,
    HashType,
    XsUri,
)
from cyclonedx.model.bom import Bom
from cyclonedx.model.component import Component, ComponentType
from cyclonedx.output.json import JsonV1Dot6
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from packageurl import PackageURL

SBOM_NAME = "sbom.cdx.json"
# Licence classifiers that name exactly one SPDX licence.
CLASSIFIER_SPDX = {
    "MIT License": "MIT",
    "ISC License (ISCL)": "ISC",
    "Mozilla Public License 2.0 (MPL 2.0)": "MPL-2.0",
    "Python Software Foundation License": "PSF-2.0",
    "The Unlicense (Unlicense)": "Unlicense",
}


def wheel_metadata(path: Path) -> dict[str, list[str]]:
    """The METADATA headers of a wheel, each name to all its values."""
    with zipfile.ZipFile(path) as z:
        (meta,) = [n for n in z.namelist() if n.endswith(".dist-info/METADATA")]
        msg = HeaderParser().parsestr(z.read(meta).decode("utf-8"))
    out: dict[str, list[str]] = defaultdict(list)
    for key, value in msg.items():
        out[key.lower()].append(str(value))
    return out


def licence_text(meta: dict[str, list[str]]) -> str:
    """The licence a wheel declares: an SPDX expression, a short name, or its classifiers."""
    if meta.get("license-expression"):
        return meta["license-expression"][0].strip()
    lic = (meta.get("license") or [""])[0].strip()
    if lic and "\n" not in lic and len(lic) < 80:
        return lic
    classifiers = [
        CLASSIFIER_SPDX.get(c.split("::")[-1].strip(), c.split("::")[-1].strip())
        for c in meta.get("classifier", [])
        if c.startswith("License ::") and c.count("::") >= 2
    ]
    joined = " AND ".join(classifiers)
    return joined or (lic.splitlines()[0] if lic else "")


def write_sbom(bundle: Path, version: str) -> Path:
    """Write `bundle/sbom.cdx.json` for every wheel in `bundle/wheels`."""
    groups: dict[tuple[str, str], list[Path]] = defaultdict(list)
    metas: dict[tuple[str, str], dict[str, list[str]]] = {}
    for wheel in sorted((bundle / "wheels").glob("*.whl")):
        meta = wheel_metadata(wheel)
        key = (meta["name"][0], meta["version"][0])
        groups[key].append(wheel)
        metas.setdefault(key, meta)

    factory = LicenseFactory()
    bom = Bom()
    app: Component | None = None
    for (name, ver), wheels in sorted(groups.items(), key=lambda kv: kv[0][0].lower()):
        digests = [hashlib.sha256(w.read_bytes()).hexdigest() for w in wheels]
        lic = licence_text(metas[(name, ver)])
        canonical = re.sub(r"[-_.]+", "-", name).lower()  # as the purl spec asks for pypi
        component = Component(
            type=ComponentType.APPLICATION if name == "cnsnet" else ComponentType.LIBRARY,
            name=name,
            version=ver,
            bom_ref=f"pkg:pypi/{canonical}@{ver}",
            purl=PackageURL(type="pypi", name=canonical, version=ver),
            licenses=[factory.make_from_string(lic)] if lic else [],
            hashes=[HashType(alg=HashAlgorithm.SHA_256, content=d) for d in digests],
            external_references=[
                ExternalReference(
                    type=ExternalReferenceType.DISTRIBUTION,
                    url=XsUri(f"wheels/{w.name}"),
                    hashes=[HashType(alg=HashAlgorithm.SHA_256, content=d)],
                )
                for w, d in zip(wheels, digests, strict=True)
            ],
        )
        bom.components.add(component)
        if name == "cnsnet":
            app = component
    if app is not None:
        bom.metadata.component = Component(
            type=ComponentType.APPLICATION,
            name="cnsnet",
            version=version,
            bom_ref="cnsnet-offline-bundle",
        )
        bom.register_dependency(bom.metadata.component, [app])
        bom.register_dependency(app, [c for c in bom.components if c is not app])
    text = JsonV1Dot6(bom).output_as_string(indent=1)
    error = JsonStrictValidator(SchemaVersion.V1_6).validate_str(text)
    if error is not None:
        raise SystemExit(f"dist: the SBOM does not validate: {error}")
    out = bundle / SBOM_NAME
    out.write_text(text + "\n", encoding="utf-8")
    return out
