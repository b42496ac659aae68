"""0013 names the report's challenges briefly; curators' own are kept."""


def test_the_report_challenges_get_their_short_names_and_others_are_kept(migrate):
    old = migrate("0012_publish_permission_editors_group")
    Challenge = old.get_model("practices", "Challenge")
    Challenge.objects.create(
        slug="data-gaps",
        name="Addressing data gaps is essential to bridging policy and practice",
        position=1,
    )
    Challenge.objects.create(
        slug="private-sector-linkages", name="Stronger linkages", position=4
    )
    Challenge.objects.create(slug="funding", name="Funding TVET", position=6)

    new = migrate("0013_challenge_short_name")
    short_names = dict(
        new.get_model("practices", "Challenge").objects.values_list(
            "slug", "short_name"
        )
    )

    assert short_names == {
        "data-gaps": "Data gaps",
        "private-sector-linkages": "Private sector",
        # A challenge curators added: its statement is shown until they name it.
        "funding": "",
    }
