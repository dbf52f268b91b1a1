# ruff: noqa: E501  (tables of names, one per line)
"""Rebuild the rows of figscan/data/entities/dod_1286.csv from the OpenSanctions transcription of the
DoD Section 1286 lists (FY22-FY25), for the next fiscal year's list.

The transcription is read from a fetched mirror of opensanctions/opensanctions (not committed; data
CC BY-NC 4.0, the lists themselves US government works). One row per institution, merged across years
by the tables below, which are our judgement: MERGE (variant -> row name), GATED and QUALIFY (names
other organisations bear too), DROP (aliases left out), ORIGINAL (Chinese names, ours). Prints the CSV
rows without the file's header comment; review the diff before replacing the file:

    python tools/build_dod_1286.py > /tmp/rows.csv
    (grep '^#' figscan/data/entities/dod_1286.csv; cat /tmp/rows.csv) > /tmp/new.csv && diff ...
"""
import csv
import io
import re
import subprocess
import sys
from collections import defaultdict

MIRROR = "/work/.mirror/opensanctions+opensanctions/repo"
COMMIT = "f33cff233ff4393a8c71784cfe280275727b52ca"  # the version the committed rows were read from
PATH = "datasets/us/special_leg/source_files/section_1286.csv"
PDF = {"2022": "https://media.defense.gov/2023/Jun/29/2003251160/-1/-1/1/COUNTERING-UNWANTED-INFLUENCE-IN-DEPARTMENT-FUNDED-RESEARCH-AT-INSTITUTIONS-OF-HIGHER-EDUCATION.PDF",
       "2023": "https://rt.cto.mil/wp-content/uploads/2024/07/FY23-Lists-Published-in-Response-to-Section-1286-of-NDAA-2019_clearedv2.pdf",
       "2024": "https://basicresearch.defense.gov/Portals/61/Documents/Academic%20Research%20Security%20Page/FY24%20Section%201286%20List%20for%20public%20release_V2.pdf",
       "2025": "https://www.cto.mil/wp-content/uploads/2026/07/FY25-Section-1286-List.pdf"}
# publication of each list, from its URL path (FY24: not known; FY25 list is dated July 2026)
PUBLISHED = {"2022": "2023-06-29", "2023": "2024-07", "2024": "by 2026-07", "2025": "2026-07"}
MERGE = {  # variant as transcribed -> the row's name
    "Academy of Military Medical Sciences (AMMS)": "Academy of Military Medical Sciences",
    "Academy of Military Medical Sciences, Institute of Radiation and Radiation": "Academy of Military Medical Sciences, Institute of Radiation and Radiation Medicine",
    "Air Force Aviation Institute": "Air Force Aviation University",
    "Air Force Logistics College": "Air Force Logistics Academy",
    "Air Force Shijianzhuang Flight Academy": "Air Force Shijiazhuang Flight Academy",
    "Air Force Shinjianzhuang Flight Academy": "Air Force Shijiazhuang Flight Academy",
    "Army Command College": "Ground Force Command College",
    "Army Institute of NBC Defence": "Army Institute of NBC Defense",
    "Army Logistic University": "Army Logistics Academy",
    "Beijing University of Aeronautics and Astronautics": "Beihang University",
    "Beijing Aeronautical Manufacturing Technology Research Institute (BAMTRI)": "Beijing Aeronautical Manufacturing Technology Research Institute",
    "Center for International Security and Strategy": "Center for International Security and Strategy of Tsinghua University",
    "Changchung University of Science and Technology": "Changchun University of Science and Technology",
    "Chinese Academy of Engineering Physics": "China Academy of Engineering Physics",
    "Chinese Academy of Engineering Physics (CAEP)": "China Academy of Engineering Physics",
    "Chinese Academy of Sciences (CAS) – Institute of Computing Technology (ICT)": "Chinese Academy of Sciences – Institute of Computing Technology",
    "Chinese Academy of Sciences - Shenyang Institute of Automation": "Chinese Academy of Sciences – Shenyang Institute of Automation",
    "Institute of Solid-State Physics of the Russian Academy of Sciences": "Institute of Solid State Physics of the Russian Academy of Sciences",
    "Institute of Solid-State Physics of the Russian Academy of Sciences (ISSP)": "Institute of Solid State Physics of the Russian Academy of Sciences",
    "Institute of Physics Named After P.N. Lebedev of the Russian Academy of Sciences": "P.N. Lebedev Physical Institute of the Russian Academy of Sciences",
    "Federal Autonomous Institution Central Institute of Engine-Building N.A. P.I. Baranov": "P. I. Baranov Central Institute of Aviation Motor Development",
    "Keldysh Institute of Applied Mathematics of the Russian Academy of Sciences": "Keldysh Institute of Applied Mathematics",
    "Key Laboratory of Information Systems Engineering": "Defense S&T Key Laboratory of Information Systems Engineering",
    "Moscow State University": "Lomonosov Moscow State University",
    "Moscow Institute of Physics and Technology (MIPT)": "Moscow Institute of Physics and Technology",
    "Naval Engineering University": "Naval University of Engineering",
    "Naval NCO School": "Naval Non-Commissioned Officer School",
    "Navy Submarine Academy": "Naval Submarine Academy",
    "Rocket Force NCO School": "Rocket Force Non-Commissioned Officer School",
    "Rzhanov Institute of Semiconductor Physics, Siberian Branch of Russian Academy of Sciences": "Rzhanov Institute of Semiconductor Physics of the Siberian Branch of the RAS",
    "Siberian Scientific-Research Institute of Aviation N.A. S.A. Chaplygin": "Siberian Scientific-Research Institute of Aviation",
    "Sun Yat-Sen University": "Sun Yat-sen University",
    "Information Engineering University": "Strategic Support Force Information Engineering University",
    "Ural Federal University Named After First President of Russia B.N. Yeltsin": "Ural Federal University named after B.N. Yeltsin, the First President of Russia",
    "Xi'an Jiatong University": "Xi'an Jiaotong University",
    "Hangzhao Dianzi University": "Hangzhou Dianzi University",
    "Federal State Budgetary Educational Institution of Higher Education": "MIREA - Russian Technological University",
    "Moscow's Higher School of Economics": "National Research University Higher School of Economics",
    "Institute of High Energy Physics": "Institute of High Energy Physics (Protvino)",
}
TYPOS = {"Xi'an Jiatong University", "Hangzhao Dianzi University", "Changchung University of Science and Technology",
         "Air Force Shinjianzhuang Flight Academy", "Air Force Shijianzhuang Flight Academy", "Federal State Budgetary Educational Institution of Higher Education",
         "Institute of High Energy Physics", "Academy of Military Medical Sciences, Institute of Radiation and Radiation"}
TALENT = {"Changjiang Scholar Distinguished Professorship", "Hundred Talents Plan", "Pearl River Talent Program",
          "Project 5-100", "River Talents Plan", "Thousand Talents Plan"}
RUSSIA = re.compile(r"Russia|RAS\b|Moscow|Federal|Tomsk|Ural|Kazan|Lobachevsky|Keldysh|Kurchatov|Baranov|Siberian|Rzhanov|Boreskov|Tactical Missile|Bauman|Astrakhan|Skolkovo|Lebedev|MIREA|Higher School|Radio-Engineering|Protvino|Project 5-100|Valiev|Zhirmunskiy|Pushchino")
IRAN = re.compile(r"Amirkabir|Baqiyatallah|Imam|Malek|Sharif|Shahid|Supreme National|Mabna")
PLA = re.compile(r"^(Air Force|Army|Naval|Navy|Rocket Force|Ground Force|Space Engineering|Strategic Support|Joint Logistics|National Defense University|Dalian Naval|China Coast Guard|Academy of Military Medical)")
GENERIC_NAME = re.compile(r"^(Air Force|Army|Naval|Navy|Rocket Force|Ground Force|Space Engineering|Joint Logistics|National Defense University|Information Engineering|University of International Relations|Institute of Radio-Engineering)")
CN_PLACES = "China/P.R. China/PR China/PLA/People's Liberation Army"


CN_CONTEXT = "China/PLA/People's Liberation Army/Beijing/Xi'an/Xian/Nanjing/Wuhan/Changsha/Zhengzhou/Shijiazhuang/Harbin/Dalian/Qingdao/Shanghai/Chongqing/Hefei/Changchun/Tianjin/Luoyang/Guangzhou/Shenyang"
AMMS = "Academy of Military Medical Sciences/AMMS"
# alias -> places: a name another organisation also bears counts only next to one of these
GATED = {
    "Northwestern Polytechnic University": "Xi'an/Xian/Shaanxi/China/NWPU",
    "Northwest Polytechnic University": "Xi'an/Xian/Shaanxi/China/NWPU",
    "Disease Control and Prevention Institute": AMMS, "Institute of Microbial Epidemiology": AMMS,
    "Institute of Radiation and Radiation Medicine": AMMS, "Institute of Electromagnetic and Particle Radiation Medicine": AMMS,
    "Institute of Toxicology and Drugs": AMMS,
    "Center for International Security and Strategy": "Tsinghua",
    "Key Laboratory of Information Systems Engineering": CN_CONTEXT,
    "Information Engineering University": CN_CONTEXT,
    "Institute of High Energy Physics": "Protvino/Russia/Kurchatov",
    "Institute of Radio-Engineering and Electronics": "Russia/Moscow/RAS/Russian Academy of Sciences/Kotelnikov/Kotel'nikov",
    "Institute of Radio Engineering and Electronics": "Russia/Moscow/RAS/Russian Academy of Sciences/Kotelnikov/Kotel'nikov",
    "Antenna Institute": "Xidian", "Key Laboratory of Antenna and Microwave Technology": "Xidian",
    "Key Laboratory of Signal Detection": "North University of China/Zhongbei",
    "Key Laboratory for Electronic Measurement Technology": "North University of China/Zhongbei",
    "Higher School of Economics": "Moscow/Russia/HSE",
    "Ninth Academy": "Mianyang/Sichuan/CAEP/Engineering Physics",
    "Ninth Institute": "Mianyang/Sichuan/CAEP/Engineering Physics",
    "Institute of Computing Technology": "Chinese Academy of Sciences/CAS/Beijing",
    "Institute of Physics": "Chinese Academy of Sciences/CAS/Beijing 100190",
    "Institute of Microelectronics": "Chinese Academy of Sciences/CAS",
    "Moscow State University": "Moscow/Russia/Lomonosov",
    # abbreviations other institutions bear too (Institut Hospitalo-Universitaire, Suranaree University of
    # Technology, a Moscow AI institute ...): matched only next to a place
    "IHU": "Iran/Tehran", "SUT": "Iran/Tehran", "MAI": "Moscow/Russia", "CSRC": "Beijing", "BCSRC": "Beijing",
}
# listed names that are generic: the row takes a qualified name and the listed one is gated
QUALIFY = {"National Defense University": "PLA", "Army Engineering University": "PLA", "Army Medical University": "PLA",
           "Naval Medical University": "PLA", "Air Force Medical University": "PLA", "Space Engineering University": "PLA",
           "Naval Aviation University": "PLA", "Air Force Command College": "PLA", "Naval Command College": "PLA",
           "Rocket Force Command College": "PLA", "Ground Force Command College": "PLA", "Naval University of Engineering": "PLA",
           "Army Logistics Academy": "PLA", "Air Force Logistics Academy": "PLA", "Army Aviation Academy": "PLA",
           "Army Infantry College": "PLA", "Naval Submarine Academy": "PLA", "Naval Service Academy": "PLA",
           "Air Force Aviation University": "PLA", "Air Force Early Warning Academy": "PLA",
           "Naval Non-Commissioned Officer School": "PLA", "Rocket Force Non-Commissioned Officer School": "PLA",
           "Army Special Operations Academy": "PLA", "Army Service Arms University": "PLA",
           "University of International Relations": "Beijing", "Institute of Radio-Engineering and Electronics": "Russia",
           "Institute of High Energy Physics (Protvino)": None}
GENERIC_ALIASES = {"Army Command College", "Army Logistic University", "Air Force Logistics College", "Army University",
                   "Naval Engineering University", "Naval NCO School", "Navy Submarine Academy", "Rocket Force NCO School",
                   "Air Force Aviation Institute"}
DROP = {"IHEP",  # the Chinese Institute of High Energy Physics bears it too
        "Xi'an University of Technology",  # another university (Xi'an Li Gong); the FY24/25 lists print it as an alias
        "School of International Relations", "Institute of International Relations",  # generic
        "Kurchatovskiy Institute ITEF",
        "Academy of Military Medical Sciences, Institute of Radiation and Radiation"}  # a truncated FY24/25 spelling
ORIGINAL = {
    "Air Force Engineering University": "空军工程大学", "Rocket Force Engineering University": "火箭军工程大学",
    "Army Engineering University": "陆军工程大学", "Naval University of Engineering": "海军工程大学",
    "Space Engineering University": "航天工程大学", "Strategic Support Force Information Engineering University": "战略支援部队信息工程大学",
    "National Defense University": "中国人民解放军国防大学", "Army Medical University": "陆军军医大学",
    "Naval Medical University": "海军军医大学", "Air Force Medical University": "空军军医大学",
    "Naval Aviation University": "海军航空大学", "Dalian Naval Academy": "海军大连舰艇学院",
    "Academy of Military Medical Sciences": "军事医学科学院", "Beihang University": "北京航空航天大学",
    "Beijing Institute of Technology": "北京理工大学", "Beijing University of Posts and Telecommunications": "北京邮电大学",
    "Beijing Computational Science Research Center": "北京计算科学研究中心",
    "Center for High Pressure Science and Technology Advanced Research": "北京高压科学研究中心",
    "China Academy of Engineering Physics": "中国工程物理研究院", "Changchun University of Science and Technology": "长春理工大学",
    "Chongqing University": "重庆大学", "Chongqing University of Technology": "重庆理工大学",
    "Dalian University of Technology": "大连理工大学", "Fudan University": "复旦大学",
    "Guilin University of Electronic Technology": "桂林电子科技大学", "Hangzhou Dianzi University": "杭州电子科技大学",
    "Harbin Engineering University": "哈尔滨工程大学", "Harbin Institute of Technology": "哈尔滨工业大学",
    "Luoyang Institute of Science and Technology": "洛阳理工学院",
    "Nanjing University of Aeronautics and Astronautics": "南京航空航天大学",
    "Nanjing University of Science and Technology": "南京理工大学", "National University of Defense Technology": "国防科技大学|国防科学技术大学",
    "North University of China": "中北大学", "Northwestern Polytechnical University": "西北工业大学",
    "Ocean University of China": "中国海洋大学", "Shandong University": "山东大学", "Shanghai Jiao Tong University": "上海交通大学",
    "Shenyang Aerospace University": "沈阳航空航天大学", "Shenyang Ligong University": "沈阳理工大学",
    "Sichuan University": "四川大学", "Sun Yat-sen University": "中山大学", "Tianjin University": "天津大学",
    "University of Science and Technology of China": "中国科学技术大学", "Xi'an Jiaotong University": "西安交通大学",
    "Xi'an Technological University": "西安工业大学", "Xidian University": "西安电子科技大学",
    "Chinese Academy of Sciences – Institute of Computing Technology": "中国科学院计算技术研究所",
    "Chinese Academy of Sciences – Institute of Physics": "中国科学院物理研究所",
    "Chinese Academy of Sciences – Institute of Microelectronics": "中国科学院微电子研究所",
    "Chinese Academy of Sciences – Shenyang Institute of Automation": "中国科学院沈阳自动化研究所|沈阳自动化研究所",
    "Chinese Academy of Sciences – Shanghai Institute of Microsystem and Information Technology": "中国科学院上海微系统与信息技术研究所|上海微系统与信息技术研究所",
    "Chinese Academy of Sciences – National Time Service Center": "中国科学院国家授时中心|国家授时中心",
    "Chinese Academy of Sciences – Aerospace Information Research Institute": "中国科学院空天信息创新研究院|空天信息创新研究院",
    "Beijing Academy of Quantum Information Sciences": "北京量子信息科学研究院",
    "Thousand Talents Plan": "千人计划", "Changjiang Scholar Distinguished Professorship": "长江学者",
    "Hundred Talents Plan": "百人计划", "Pearl River Talent Program": "珠江人才计划",
    # PLA academies and schools: their own Chinese names (ours, as above)
    "Air Force Aviation University": "空军航空大学", "Air Force Command College": "空军指挥学院",
    "Air Force Communication NCO Academy": "空军通信士官学校", "Air Force Early Warning Academy": "空军预警学院",
    "Air Force Harbin Flight Academy": "空军哈尔滨飞行学院", "Air Force Shijiazhuang Flight Academy": "空军石家庄飞行学院",
    "Air Force Xi'an Flight Academy": "空军西安飞行学院", "Army Academy of Armored Forces": "陆军装甲兵学院",
    "Army Academy of Artillery and Air Defense": "陆军炮兵防空兵学院", "Army Academy of Border and Coastal Defense": "陆军边海防学院",
    "Army Aviation Academy": "陆军航空兵学院", "Army Infantry College": "陆军步兵学院", "Army Institute of NBC Defense": "陆军防化学院",
    "Army Logistics Academy": "陆军勤务学院", "Army Military Transportation University": "陆军军事交通学院",
    "Army Special Operations Academy": "陆军特种作战学院", "Ground Force Command College": "陆军指挥学院",
    "Naval Command College": "海军指挥学院", "Naval Non-Commissioned Officer School": "海军士官学校",
    "Naval Service Academy": "海军勤务学院", "Naval Submarine Academy": "海军潜艇学院",
    "Rocket Force Command College": "火箭军指挥学院", "Rocket Force Non-Commissioned Officer School": "火箭军士官学校",
}
EXTRA_ALIASES = {  # our spellings of the listed programme names, as funding statements write them
    "Thousand Talents Plan": ["Thousand Talents Program", "Thousand Talent Program", "Thousand Talents Plan"],
    "Changjiang Scholar Distinguished Professorship": ["Changjiang Scholars Program", "Changjiang Scholar Program",
                                                       "Changjiang Scholars and Innovative Research Team"],
    "Hundred Talents Plan": ["Hundred Talents Program"],
    "Pearl River Talent Program": ["Pearl River Talent Plan", "Pearl River Talents Program"],
    "Chinese Academy of Sciences – Shenyang Institute of Automation": ["Shenyang Institute of Automation"],
    "Chinese Academy of Sciences – Shanghai Institute of Microsystem and Information Technology": ["Shanghai Institute of Microsystem and Information Technology"],
    "Chinese Academy of Sciences – National Time Service Center": ["National Time Service Center"],
    # the lists print "Chinese Academy of Sciences (CAS) – Institute of Computing Technology (ICT)": papers
    # write "ICT, CAS"; ICT alone is "information and communication technology", so next to CAS only
    "Chinese Academy of Sciences – Institute of Computing Technology": ["ICT@Chinese Academy of Sciences/CAS"],
    "Chinese Academy of Sciences – Aerospace Information Research Institute": ["Aerospace Information Research Institute"],
    "Chinese Academy of Sciences – Center for Excellence in Quantum Information and Quantum Physics": ["CAS Center for Excellence in Quantum Information and Quantum Physics"],
    "Chinese Academy of Sciences – Technology and Engineering Center for Space Utilization": ["Technology and Engineering Center for Space Utilization"],
    "Chinese Academy of Sciences – Key Laboratory for Quantum Information": ["Key Laboratory of Quantum Information@Chinese Academy of Sciences/CAS/USTC/University of Science and Technology of China"],
    "Chinese Academy of Sciences – Institute of Physics": ["Institute of Physics"],
    "Chinese Academy of Sciences – Institute of Microelectronics": ["Institute of Microelectronics"],
}


def clean(s):
    return " ".join(s.replace("’", "'").replace("“", '"').replace("”", '"').split()).strip()


commit = sys.argv[1] if len(sys.argv) > 1 else COMMIT
source_text = subprocess.run(["git", "--git-dir", MIRROR, "show", f"{commit}:{PATH}"], check=True,
                             capture_output=True, text=True).stdout
rows = list(csv.DictReader(io.StringIO(source_text)))
merged = defaultdict(lambda: {"years": set(), "aliases": [], "country": "", "variants": set(), "ended": set()})
for r in rows:
    raw = clean(r["name"])
    name = MERGE.get(raw, raw)
    m = merged[name]
    m["years"].add(r["report-date"])
    if raw != name and raw not in TYPOS:
        m["variants"].add(raw)
    for a in r["aliases"].split(";"):
        a = clean(a).strip('"')
        if a and a not in m["aliases"]:
            m["aliases"].append(a)
    if r["country"]:
        m["country"] = r["country"]
    if r["end-date"]:
        m["ended"].add(r["end-date"])
COUNTRY = {"China": "CN", "Russia": "RU", "Iran": "IR"}
ROWS = []
for name in sorted(merged):
    m = merged[name]
    years = sorted(m["years"])
    country = COUNTRY.get(m["country"]) or ("RU" if RUSSIA.search(name) else "IR" if IRAN.search(name) else "CN")
    aliases = [a for a in dict.fromkeys([*sorted(v for v in m["variants"] if "(" not in v), *m["aliases"],
                                         *EXTRA_ALIASES.get(name, [])])
               if a != name and a not in DROP]
    aliases = [re.sub(r"^\([^)]*\)\s*", "", a).strip('"') for a in aliases]
    gated, plain = [], []
    for a in aliases:
        if "@" in a:
            gated.append(a)
        elif a in GATED:
            gated.append(f"{a}@{GATED[a]}")
        elif a in GENERIC_ALIASES or (PLA.search(name) and not name.startswith("Academy of Military") and
                                      not a.isupper()):
            gated.append(f"{a}@{CN_CONTEXT}")
        else:
            plain.append(a)
    row_name = name
    if name in QUALIFY:
        if QUALIFY[name]:
            row_name = f"{name} ({QUALIFY[name]})"
        places = "Russia/Moscow/RAS/Russian Academy of Sciences/Kotelnikov" if QUALIFY[name] == "Russia" else CN_CONTEXT
        if name != "Institute of High Energy Physics (Protvino)":
            gated.insert(0, f"{name}@{places}")
        else:
            gated.insert(0, "Institute of High Energy Physics@" + GATED["Institute of High Energy Physics"])
    if name == "University of Electronic Science and Technology of China":  # 西安电子科技大学 holds the name
        gated.append("电子科技大学@成都/Chengdu/四川/Sichuan")
    elif name in GATED:
        row_name = f"{name} (CAS)"
        gated.insert(0, f"{name}@{GATED[name]}")
    parent = ""
    if name.startswith("Academy of Military Medical Sciences, "):  # affiliations print "<institute>, AMMS"
        parent = "Academy of Military Medical Sciences"
        gated.insert(0, name.split(", ", 1)[1] + "@" + AMMS)
    fy = ", ".join("FY" + y[2:] for y in years)
    dropped = "2025" not in years
    citation = f"DoD Section 1286 list {fy}" + (" (not on the FY25 list)" if dropped else "")
    source = PDF[years[-1]]
    category = ("talent-program-funder" if name in TALENT else "military-institution" if PLA.search(name)
                else "research-security-list")
    weight = 1.5 if name in TALENT else 3.0 if PLA.search(name) else 2.0
    gated = list(dict.fromkeys(gated))
    ROWS.append(dict(name=row_name, original_names=ORIGINAL.get(name, ""), aliases="|".join(plain),
                     abbreviations="", gated_aliases="|".join(gated), parent=parent, country=country,
                     list_name="DoD Section 1286 list", list_date=PUBLISHED[years[0]], citation=citation,
                     checked="2026-12-07", category=category, weight=weight, source=source))

COLUMNS = ["name", "original_names", "aliases", "abbreviations", "gated_aliases", "parent", "country", "list_name",
           "list_date", "citation", "checked", "category", "weight", "source"]
writer = csv.DictWriter(sys.stdout, COLUMNS, lineterminator="\n")
writer.writeheader()
writer.writerows(ROWS)
