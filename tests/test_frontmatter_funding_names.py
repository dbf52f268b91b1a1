"""Which names in a funding statement are funders: a project's or programme's acronym is the work paid for
and the bodies in brackets after it pay for it; an acronym followed by a common noun is a thing ("MRI
image"); French names keep their articles ("de l'Enseignement", "et de la"); "EU" is the European Union.
Pages are drawn here and read through the real text extraction."""
from __future__ import annotations

from figscan.extract.frontmatter import find_funding
from figscan.extract.frontmatter.funder_list import canonical_funder
from figscan.model import PageText
from tests.text_pages import text_page


def _funders(pages: list[PageText]) -> list[str]:
    return [name for statement in find_funding(pages) for name in statement.funders]


def test_a_projects_acronym_is_no_funder_and_the_bodies_in_brackets_after_it_are() -> None:
    lines = [(60, 80, "Acknowledgements"),
             (60, 100, "This work was supported by INSERM with the Cancer et Environnement and HETCOLI projects."),
             (60, 114, "J.S. was supported by the ICE project (BPI France). JS was funded by the ICE (Interpretation"),
             (60, 128, "of Clinical Exome) project (FUI, MEDICEN, Région Ile de France). This work has been developed"),
             (60, 142, "within the SAMAS project (SHM application to Remotely Piloted Aircraft Systems), coordinated"),
             (60, 156, "by the European Defence Agency (EDA) and financed by two nations, Italy and Poland.")]

    funders = _funders(text_page(lines))

    assert not {"HETCOLI", "ICE", "SAMAS", "SHM", "Remotely Piloted Aircraft Systems"} & set(funders)
    assert {"INSERM", "BPI France", "FUI", "MEDICEN", "Région Ile de France", "European Defence Agency (EDA)"} <= set(funders)


def test_an_acronym_followed_by_a_common_noun_is_no_funder() -> None:
    lines = [(60, 80, "Two MCI subtypes supported by MRI image We further analyzed the images of the patients."),
             (60, 120, "Funding: This research was sponsored by the National Natural Science Foundation of China"),
             (60, 134, "(61972084) and by NIDCD grants.")]

    assert _funders(text_page(lines)) == ["National Natural Science Foundation of China", "NIDCD"]


def test_french_names_keep_their_articles_and_an_author_biography_names_no_funder() -> None:
    lines = [(60, 80, "The INSERM UMR-S1147 was supported by the Ministère de l'Enseignement Supérieur et de la"),
             (60, 94, "Recherche and the Université Paris-Descartes."),
             (60, 130, "Xenofon Vasilakos is a Lecturer in AI at the University of Bristol. He has contributed to"),
             (60, 144, "several EU, national, and industry-funded research projects.")]

    funders = _funders(text_page(lines))

    assert "Ministère de l'Enseignement Supérieur et de la Recherche" in funders
    assert "Université Paris-Descartes" in funders
    assert "EU" not in funders


def test_eu_is_the_european_union() -> None:
    lines = [(60, 80, "T. D. G. acknowledges the financial support of EU project FP7-REGPOT-2011-1, Beyond Everest.")]

    assert _funders(text_page(lines)) == ["EU"]
    assert canonical_funder("EU") == "European Commission"


def test_a_list_of_funders_goes_on_past_a_bracketed_remark() -> None:
    lines = [(60, 80, "The group is supported by the Leverhulme Trust (Equipe Labellisée), Boeing (a gift to the lab),"),
             (60, 94, "Airbus and the Simons Foundation.")]

    assert _funders(text_page(lines)) == ["Leverhulme Trust", "Boeing", "Airbus", "Simons Foundation"]


def test_cost_and_vr_are_listed_funders() -> None:
    lines = [(60, 80, "Financial support by the EU COST Action MP0806 is gratefully acknowledged."),
             (60, 110, "This work was supported by grants VR 2016-06301 to AE.")]

    assert _funders(text_page(lines)) == ["EU", "COST", "VR"]
    assert canonical_funder("VR") == "Swedish Research Council"


def test_a_companys_legal_form_ends_no_sentence_and_a_programme_under_its_funders_is_none() -> None:
    lines = [(60, 80, "Acknowledgement This research is supported by A*STAR, CISCO Systems (USA) Pte. Ltd and National"),
             (60, 94, "University of Singapore under its Cisco-NUS Accelerated Digital Economy Corporate Laboratory (Award"),
             (60, 108, "I21001E0002).")]

    statements = find_funding(text_page(lines))

    assert sorted(_funders(text_page(lines))) == sorted(["A*STAR", "CISCO Systems (USA) Pte Ltd",
                                                     "National University of Singapore"])
    assert statements[0].grants == ["I21001E0002"]
    assert canonical_funder("A*STAR") == "Agency for Science, Technology and Research (Republic of Singapore)"


def test_a_companys_national_branch_a_plural_council_and_a_dashed_acronym() -> None:
    lines = [(60, 80, "This work is co-sponsored by ANSYS Canada and the Natural Sciences and Engineering Research Council"),
             (60, 94, "of Canada under the Cooperative Research and Development Grant F19-00204. This work was supported"),
             (60, 108, "by the Australian Research Councils DECRA Projects funding scheme (project ID DE120102948).")]

    funders = _funders(text_page(lines))

    assert funders[:2] == ["ANSYS Canada", "Natural Sciences and Engineering Research Council of Canada"]
    assert funders[2].startswith("Australian Research Councils")
    assert canonical_funder("Deutsche Forschungsgemeinschaft-DFG") == canonical_funder("German Research Foundation") != ""


def test_a_fellowship_named_after_its_payer_and_an_acronym_before_an_authors_initials() -> None:
    lines = [(60, 80, "This work was supported by the National Science Foundation under grants CCR-0219722 and by a"),
             (60, 94, "Microsoft Research Fellowship. CP was supported by a fellowship from ARC. JS was funded by the ICE"),
             (60, 108, "project (BPI France).")]

    funders = _funders(text_page(lines))

    assert funders == ["National Science Foundation", "Microsoft Research Fellowship", "ARC", "BPI France"]


def test_a_name_in_brackets_right_after_a_grant_number_is_the_grants_title() -> None:
    lines = [(60, 80, "This project has received funding from the European Union's Horizon 2020 Framework Programme for"),
             (60, 94, "Research and Innovation under the Specific Grant Agreement No. 785907 (Human Brain Project SGA2).")]

    assert _funders(text_page(lines)) == ["European Union's Horizon 2020 Framework Programme for Research and Innovation"]
