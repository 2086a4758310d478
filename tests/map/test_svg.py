"""The account map's SVG: well-formed, escaped, accessible, for an empty and a busy account."""

from xml.etree import ElementTree

import pytest

from relmap import svg
from relmap.views.maps import account_map_context
from tests import factories

NS = {"s": "http://www.w3.org/2000/svg"}


def parse(text):
    return ElementTree.fromstring(text)


def test_empty_map_is_well_formed_and_says_so():
    root = parse(
        svg.relationship_map_svg(ours=[], theirs=[], lines=[], title="Map of X", description="")
    )
    assert root.get("role") == "img"
    assert root.find("s:title", NS).text == "Map of X"
    assert root.find("s:desc", NS) is not None
    assert "No relationships recorded yet." in ElementTree.tostring(root, encoding="unicode")


def test_text_is_escaped():
    nasty = 'Ann <script>alert("x")</script> & Co'
    text = svg.relationship_map_svg(
        ours=[svg.Node("s1", nasty, "Unit & <b>")],
        theirs=[svg.Node("c1", "Bob", 'Org "quoted"', flagged=True)],
        lines=[svg.Line("s1", "c1", "executive", 80, False, f"{nasty} ↔ Bob")],
        title=f"Map of {nasty}",
        description=nasty,
        id_prefix='x"y',
    )
    root = parse(text)
    assert "<script>" not in text
    assert root.find("s:title", NS).text == f"Map of {nasty}"
    assert root.find("s:title", NS).get("id") == 'x"y-title'


def test_line_style_shows_tier_strength_and_dormancy():
    ours = [svg.Node("s1", "Ann", "Sales")]
    theirs = [svg.Node(f"c{i}", f"C{i}", "Acme · Executives") for i in range(3)]
    lines = [
        svg.Line("s1", "c0", "operational", 0, False, "a"),
        svg.Line("s1", "c1", "executive", 100, False, "b"),
        svg.Line("s1", "c2", "institutional", 50, True, "c"),
        svg.Line("s1", "nobody", "executive", 50, False, "skipped: no such node"),
    ]
    root = parse(
        svg.relationship_map_svg(ours=ours, theirs=theirs, lines=lines, title="t", description="d")
    )
    paths = {p.get("data-tier"): p for p in root.iter("{http://www.w3.org/2000/svg}path")}
    assert len(paths) == 3
    assert paths["operational"].get("stroke-dasharray") is None
    assert paths["executive"].get("stroke-dasharray") == "10 5"
    assert paths["institutional"].get("stroke-dasharray") == "2 4"
    assert paths["operational"].get("stroke-width") == "1.0"
    assert paths["executive"].get("stroke-width") == "6.0"
    assert paths["institutional"].get("opacity") == str(svg.DORMANT_OPACITY)
    assert paths["executive"].get("opacity") is None


@pytest.mark.django_db
def test_busy_account_of_fifty_relationships_renders(owner, executive):
    account = factories.AccountFactory(organisation__name="Busy & Co", manager=owner)
    divisions = [
        factories.OrganisationFactory(parent=account.organisation, name=f"Division {d}")
        for d in range(3)
    ]
    units = [factories.UnitFactory(name=f"Unit {u}") for u in range(3)]
    staff = [
        factories.UserFactory(role="account_manager", role__unit=units[i % 3]) for i in range(10)
    ]
    for i in range(50):
        contact = factories.ContactFactory(
            organisation=divisions[i % 3] if i % 4 else account.organisation,
            seniority="executive" if i % 5 == 0 else "operational",
        )
        factories.RelationshipFactory(
            staff=staff[i % 10],
            contact=contact,
            tier=("operational", "executive", "institutional")[i % 3],
            strength=2 * i,
        )
    uncovered = factories.ContactFactory(organisation=divisions[0], seniority="executive")
    context = account_map_context(executive, account.organisation)
    root = parse(context["map_svg"])
    paths = list(root.iter("{http://www.w3.org/2000/svg}path"))
    assert len(paths) == 50
    flags = [c for c in root.iter("{http://www.w3.org/2000/svg}circle") if c.get("class") == "flag"]
    # The uncovered executive, and executives tied only at other tiers, are flagged.
    assert len(flags) >= 1
    assert uncovered in context["flagged_contacts"]
    # Tall enough for every row: 50 contacts on their side at ROW pixels each.
    assert int(root.get("height")) >= 51 * svg.ROW
    assert "Busy &amp; Co" in context["map_svg"]
