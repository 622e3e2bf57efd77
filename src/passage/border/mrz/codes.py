"""Issuing-state and nationality codes of ICAO Doc 9303 Part 3 and what kind each is."""

from __future__ import annotations

# ISO 3166-1 alpha-3 country codes (249 entries).
_ISO_ALPHA3_TEXT = """
    ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES
    BFA BGD BGR BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE
    CHL CHN CIV CMR COD COG COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK
    DOM DZA ECU EGY ERI ESH ESP EST ETH FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB
    GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY HKG HMD HND HRV HTI HUN IDN IMN IND
    IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN
    LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR MCO MDA MDG MDV MEX MHL MKD MLI MLT
    MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD NOR
    NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU
    RUS RWA SAU SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN
    SWE SWZ SXM SYC SYR TCA TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA UGA
    UKR UMI URY USA UZB VAT VCT VEN VGB VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE
"""
ISO_ALPHA3: frozenset[str] = frozenset(_ISO_ALPHA3_TEXT.split())

# Codes Doc 9303 Part 3 defines beyond ISO 3166-1, with their kind and meaning.
SPECIAL_CODES: dict[str, tuple[str, str]] = {
    "D": ("state", "Germany"),
    "GBD": ("state", "British Overseas Territories Citizen"),
    "GBN": ("state", "British National (Overseas)"),
    "GBO": ("state", "British Overseas Citizen"),
    "GBP": ("state", "British Protected Person"),
    "GBS": ("state", "British Subject"),
    "RKS": ("state", "Kosovo"),
    "UNO": ("organization", "United Nations Organization or one of its officials"),
    "UNA": ("organization", "Specialized agency of the United Nations or one of its officials"),
    "UNK": ("un_mission", "Resident of Kosovo, document issued by UNMIK"),
    "EUE": ("organization", "European Union"),
    "XBA": ("organization", "African Development Bank"),
    "XIM": ("organization", "African Export-Import Bank"),
    "XCC": ("organization", "Caribbean Community or one of its emissaries"),
    "XCE": ("organization", "Council of Europe"),
    "XCO": ("organization", "Common Market for Eastern and Southern Africa"),
    "XDC": ("organization", "Southern African Development Community"),
    "XEC": ("organization", "Economic Community of West African States"),
    "XES": ("organization", "Organisation of Eastern Caribbean States"),
    "XMP": ("organization", "Parliamentary Assembly of the Mediterranean"),
    "XOM": ("organization", "Sovereign Military Order of Malta or one of its emissaries"),
    "XPO": ("organization", "International Criminal Police Organization (INTERPOL)"),
    "XXA": ("stateless", "Stateless person (1954 Convention)"),
    "XXB": ("refugee", "Refugee (1951 Convention)"),
    "XXC": ("refugee", "Refugee other than under the 1951 Convention"),
    "XXX": ("unspecified", "Person of unspecified nationality"),
    "UTO": ("specimen", "Utopia (ICAO specimen state)"),
}


# Every known code with its kind, for one dictionary lookup per code.
KINDS: dict[str, str] = {code: "state" for code in ISO_ALPHA3}
KINDS.update({code: kind for code, (kind, _) in SPECIAL_CODES.items()})


def code_kind(code: str) -> str:
    """Return the kind of an issuing-state or nationality code (fillers already stripped)."""
    return KINDS.get(code, "unknown")
