"""Today's provinces and wards (after the 1 July 2025 reorganisation), from the `vietnam-provinces` package.

Codes are stored as the General Statistics Office writes them: a province as two digits ("79"), a ward
as five ("26791"); a spreadsheet that turned "00004" into the number 4 is read back the same.
"""

from functools import cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from vietnam_provinces import Province, Ward, WardCode

HCMC = "79"  # Ho Chi Minh City keeps code 79 after the 2025 merger


def normalise_province_code(code) -> str:
    text = str(code or "").strip()
    return f"{int(text):02d}" if text.isdigit() else text


def normalise_ward_code(code) -> str:
    text = str(code or "").strip()
    if text.endswith(".0"):
        text = text[:-2]
    return f"{int(text):05d}" if text.isdigit() else text


@cache
def _provinces() -> dict[str, Province]:
    return {f"{p.code.value:02d}": p for p in sorted(Province.iter_all(), key=lambda p: p.code.value)}


@cache
def _wards_by_province() -> dict[str, list[Ward]]:
    grouped: dict[str, list[Ward]] = {}
    for ward in Ward.iter_all():
        grouped.setdefault(f"{ward.province_code.value:02d}", []).append(ward)
    for wards in grouped.values():
        wards.sort(key=lambda w: w.name)
    return grouped


def province(code) -> Province | None:
    return _provinces().get(normalise_province_code(code))


def ward(code) -> Ward | None:
    text = normalise_ward_code(code)
    if not text.isdigit():
        return None
    try:
        return Ward.from_code(WardCode(int(text)))
    except ValueError:
        return None


def ward_province_code(w: Ward) -> str:
    return f"{w.province_code.value:02d}"


def province_choices() -> list[tuple[str, str]]:
    return [(code, p.name) for code, p in _provinces().items()]


def ward_choices(province_code) -> list[tuple[str, str]]:
    code = normalise_province_code(province_code)
    return [(f"{w.code.value:05d}", w.name) for w in _wards_by_province().get(code, [])]


def resolve(province_code, ward_code) -> tuple[str, str, str]:
    """Check a (province, ward) pair; returns (province_code, ward_code, ward_name), normalised.

    A ward alone is enough: its province is filled in. Raises ValidationError keyed by field.
    """
    p_code = normalise_province_code(province_code)
    w_code = normalise_ward_code(ward_code)
    if p_code and province(p_code) is None:
        raise ValidationError({"province_code": _("Mã tỉnh/thành “%(c)s” không tồn tại.") % {"c": p_code}})
    if not w_code:
        return p_code, "", ""
    w = ward(w_code)
    if w is None:
        raise ValidationError({"ward_code": _("Mã phường/xã “%(c)s” không tồn tại.") % {"c": w_code}})
    if p_code and ward_province_code(w) != p_code:
        raise ValidationError(
            {
                "ward_code": _("%(ward)s không thuộc %(province)s.")
                % {"ward": w.name, "province": province(p_code).name}
            }
        )
    return ward_province_code(w), w_code, w.name
