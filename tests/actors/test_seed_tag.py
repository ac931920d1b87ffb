"""The seed article (../shared/data/seed): every actor the actors issue names resolves as it says."""

import pathlib

import pytest

from tieline.ingest import read_source

SEED = pathlib.Path(__file__).resolve().parents[2].parent / "shared/data/seed/jpost-2017-05-30-iran-hamas.txt"

# phrase as written -> (code, sector or None for "any", entity words that must appear or None)
EXPECTED = {
    "Iran": ("IRN", None, None),
    "Tehran": ("IRN", None, None),
    "Islamic Republic": ("IRN", None, None),
    "Hamas": ("PSE", "REB", "hamas"),
    "Palestinian terror group": ("PSE", "REB", "hamas"),
    "Gaza-based movement": ("PSE", "REB", "hamas"),
    "Gaza-based Islamist group": ("PSE", "REB", "hamas"),
    "Iran's Revolutionary Guards": ("IRN", "MIL", None),
    "Hezbollah": ("LBN", "REB", None),
    "Hassan Rouhani": ("IRN", "GOV", None),
    "Ismail Haniyeh": ("PSE", "REB", "hamas"),
    "Bashar Assad": ("SYR", "GOV", None),
    "Donald Trump": ("USA", "GOV", None),
    "US State Department": ("USA", "GOV", None),
    "Muslim Brotherhood": (None, None, "brotherhood"),
    "Saudi Arabia": ("SAU", None, None),
    "Riyadh": ("SAU", None, None),
    "Lebanon": ("LBN", None, None),
    "Israel": ("ISR", None, None),
}


@pytest.fixture(scope="module")
def seed_actors(tl):
    if not SEED.exists():
        pytest.skip("../shared/data is absent: the seed article is not available")
    art = read_source(str(SEED))[0]
    return art.body, tl.tag(art.body, art.published)


@pytest.mark.parametrize("phrase", sorted(EXPECTED))
def test_seed_actor_resolves(seed_actors, phrase):
    body, acts = seed_actors
    start = body.find(phrase)
    assert start >= 0, f"{phrase!r} is not in the extracted body"
    code, sector, entity = EXPECTED[phrase]
    end = start + len(phrase)
    # every mention that overlaps an occurrence of the phrase
    spans = [i for i in range(len(body)) if body.startswith(phrase, i)]
    hits = [a for a in acts if a.start is not None and any(min(a.end, s + len(phrase)) > max(a.start, s) for s in spans)]
    assert hits, f"no actor found over {phrase!r} ({start}-{end})"

    def ok(a):
        return (
            (code is None or a.code == code)
            and (sector is None or a.sector == sector)
            and (entity is None or entity in " ".join(str(x or "") for x in (a.actor_id, a.entity, a.text)).lower())
        )

    assert all(ok(a) for a in hits), [(a.text, a.code, a.sector, a.entity, a.actor_id, a.how) for a in hits]
