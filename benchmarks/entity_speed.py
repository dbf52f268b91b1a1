"""Time `match_entities` on one 40-affiliation paper against every watch list in figscan/data/entities.

The paper is built here, not read from any corpus: 40 affiliations (a quarter of them on a list,
the rest ordinary universities and near misses), two funding statements and ten pages of body
text. Prints the median of `--repeats` runs after one warm-up run that also compiles the lists.

    PYTHONPATH=$PWD python benchmarks/entity_speed.py --repeats 20
"""
from __future__ import annotations

import argparse
import statistics
import time

from figscan.analyse.entities import load_watchlists, match_entities
from figscan.model import Affiliation, FrontMatter, Funding, PageText

LISTED = ["College of Aerospace Science, National University of Defense Technology, Changsha 410073, China",
          "School of Astronautics, Northwestern Polytechnical University, Xi'an 710072, China",
          "College of Shipbuilding Engineering, Harbin Engineering University, Harbin 150001, China",
          "Institute of Fluid Physics, China Academy of Engineering Physics, Mianyang 621900, China",
          "School of Mechatronical Engineering, Beijing Institute of Technology, Beijing 100081, China",
          "Beijing Institute of Radio Measurement, Beijing 100854, China",
          "Department of Physics, Kim Il Sung University, Pyongyang, DPR Korea",
          "Institute of Physics, Chinese Academy of Sciences, Beijing 100190, China",
          "School of Aeronautics, Nanjing University of Aeronautics and Astronautics, Nanjing 210016, China",
          "Moscow Institute of Physics and Technology, Dolgoprudny 141701, Russia"]
UNLISTED = ["Department of Mechanical Engineering, Stanford University, Stanford, CA 94305, USA",
            "Harbin University of Science and Technology, Harbin 150080, China",
            "Northwestern Polytechnic University, Fremont, CA 94539, USA",
            "School of Physics, Nanjing University, Nanjing 210093, China",
            "Department of Aerospace Engineering, University of Michigan, Ann Arbor, MI 48109, USA",
            "Institute of Mechanics, Technical University of Munich, 85748 Garching, Germany",
            "School of Engineering, University of Edinburgh, Edinburgh EH9 3FB, UK",
            "Department of Physics, Seoul National University, Seoul 08826, Republic of Korea",
            "Laboratoire de Mécanique, CNRS, Université de Lille, 59000 Lille, France",
            "Faculty of Aerospace Engineering, Delft University of Technology, 2629 HS Delft, The Netherlands",
            "Beijing University of Technology, Beijing 100124, China",
            "Department of Materials, Imperial College London, London SW7 2AZ, UK",
            "Sichuan University of Science and Engineering, Zigong 643000, China",
            "School of Mathematics, Northwest University, Xi'an 710069, China",
            "Department of Physics, National University of Singapore, Singapore 117551",
            "Indian Institute of Technology Bombay, Mumbai 400076, India",
            "Department of Chemistry, University of Toronto, Toronto, ON M5S 3H6, Canada",
            "School of Mechanical Engineering, Shanghai University, Shanghai 200444, China",
            "Department of Civil Engineering, Tongji University, Shanghai 200092, China",
            "College of Engineering, Peking University, Beijing 100871, China",
            "Department of Energy Engineering, Zhejiang University, Hangzhou 310027, China",
            "School of Computer Science, Wuhan University, Wuhan 430072, China",
            "Max Planck Institute for Dynamics and Self-Organization, 37077 Göttingen, Germany",
            "Department of Applied Physics, University of Tokyo, Tokyo 113-8656, Japan",
            "School of Physics, University of Melbourne, Parkville VIC 3010, Australia",
            "Department of Mechanical Engineering, KAIST, Daejeon 34141, Republic of Korea",
            "Institute of Applied Mechanics, National Taiwan University, Taipei 10617, Taiwan",
            "Department of Aeronautics, Politecnico di Milano, 20156 Milano, Italy",
            "Department of Physics, ETH Zurich, 8093 Zurich, Switzerland",
            "School of Aerospace, Tsinghua University, Beijing 100084, China"]
FUNDING = ["This work was supported by the National Natural Science Foundation of China (Nos. 11872345, "
           "12002123) and the Science and Technology on Scramjet Laboratory (No. 6142703).",
           "We also thank the Fundamental Research Funds for the Central Universities (NS2020001)."]
BODY = ("The projectile penetrates the layered target at an oblique angle; the residual velocity is measured "
        "with a high-speed camera and compared with the numerical model. The material parameters follow "
        "earlier work at several laboratories, and the mesh convergence study is given in the appendix. ") * 12


def paper() -> tuple[FrontMatter, list[PageText]]:
    affiliations = [Affiliation(text, page=1) for text in (LISTED + UNLISTED)]
    assert len(affiliations) == 40
    front = FrontMatter(affiliations=affiliations, funding=[Funding(text=t, page=9) for t in FUNDING])
    return front, [PageText(number=n, width=595, height=842, text=BODY) for n in range(1, 11)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    front, pages = paper()
    started = time.perf_counter()
    matches = match_entities(front, pages)  # warm-up: loads and compiles the lists
    first = time.perf_counter() - started
    times = []
    for _ in range(args.repeats):
        started = time.perf_counter()
        match_entities(front, pages)
        times.append(time.perf_counter() - started)
    print(f"entries {len(load_watchlists())}, matches {len(matches)}, first call {first * 1000:.0f} ms "
          f"(loads the lists), median of {args.repeats} {statistics.median(times) * 1000:.1f} ms per paper")


if __name__ == "__main__":
    main()
