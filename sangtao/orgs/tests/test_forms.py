from sangtao.orgs import forms


def test_a_new_unit_form_offers_the_wards_of_the_parents_province(world):
    world.office.province_code = "01"
    world.office.save()

    form = forms.UnitForm(initial={"parent": world.office})

    assert ("00004", "Phường Ba Đình") in form.fields["ward_code"].choices


def test_a_new_unit_form_defaults_to_ho_chi_minh_city(world):
    form = forms.UnitForm(initial={})

    assert form.fields["province_code"].initial == "79"
    assert ("26791", "Phường Đông Hưng Thuận") in form.fields["ward_code"].choices


def test_a_bound_form_offers_the_wards_of_the_province_typed(world):
    form = forms.UnitForm(data={"province_code": "01"})

    assert ("00004", "Phường Ba Đình") in form.fields["ward_code"].choices


def test_the_province_select_reloads_the_wards(world):
    attrs = forms.UnitForm().fields["province_code"].widget.attrs

    assert str(attrs["hx-get"]) == "/orgs/wards/"
    assert attrs["hx-target"] == "#id_ward_code"


def test_the_edit_form_cannot_change_the_parent_or_the_kind(world):
    form = forms.UnitForm(instance=world.school_a)

    assert "parent" not in form.fields
    assert form.fields["kind"].disabled


def test_the_filter_form_ignores_a_bad_value(world):
    form = forms.UnitFilterForm({"kind": "spaceship", "q": "abc"})

    assert form.filters()["kind"] == ""
