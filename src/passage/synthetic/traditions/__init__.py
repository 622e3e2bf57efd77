"""Naming traditions and their name pools, for the synthetic people of `synthetic.people`."""

from __future__ import annotations

from passage.synthetic.traditions.africa import EA, ET, WA
from passage.synthetic.traditions.asia import AR, FA, JA, KO, SA, VI, ZH
from passage.synthetic.traditions.east import EL, PL, RU, TR
from passage.synthetic.traditions.europe import DE, EN, ES, FR, IT, PT
from passage.synthetic.traditions.tradition import Tradition

TRADITIONS: dict[str, Tradition] = {
    tradition.code: tradition
    for tradition in (
        EN,
        DE,
        FR,
        ES,
        PT,
        IT,
        PL,
        RU,
        EL,
        TR,
        AR,
        FA,
        SA,
        ZH,
        KO,
        VI,
        JA,
        EA,
        WA,
        ET,
    )
}

__all__ = ["TRADITIONS", "Tradition"]
