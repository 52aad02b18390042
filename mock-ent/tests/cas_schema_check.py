"""Validates CAS responses against the CAS 3.0 protocol XML schema with lxml
(libxml2's XML Schema validator), as a CAS client's conformance check would.

Usage: cas_schema_check.py SCHEMA.xsd RESPONSE.xml...
Prints `valid NAME` or `invalid NAME: REASON` for each response; exits 1 if
any is invalid, 2 if lxml is missing (python-cas installs it).
"""
import sys

try:
    from lxml import etree
except ImportError:
    sys.exit(2)


def main():
    schema = etree.XMLSchema(etree.parse(sys.argv[1]))
    failed = False
    for path in sys.argv[2:]:
        try:
            document = etree.parse(path)
        except etree.XMLSyntaxError as e:
            print(f"invalid {path}: not well-formed: {e}")
            failed = True
            continue
        if schema.validate(document):
            print(f"valid {path}")
        else:
            reasons = "; ".join(str(e.message) for e in schema.error_log)
            print(f"invalid {path}: {reasons}")
            failed = True
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
