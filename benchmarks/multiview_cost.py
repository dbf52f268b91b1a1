"""Added CPU time per figure of recogniser_multiview.json over recogniser.json in a scan's analyse_figure
(25 real figures of /work/data/shapes_real, every 150th; one process): PYTHONPATH=. python benchmarks/multiview_cost.py"""
import glob
import time
from dataclasses import replace

import cv2
import numpy as np

from figscan.analyse import shapes

files = sorted(glob.glob('/work/data/shapes_real/images/*.png'))[::150][:25]
ims = [cv2.cvtColor(cv2.imread(f), cv2.COLOR_BGR2RGB) for f in files]
base = shapes.ShapeParams.load()
multi = replace(base, recogniser_model="recogniser_multiview.json")
shapes.analyse_figure(ims[0], [], params=base)  # load both models first
shapes.analyse_figure(ims[0], [], params=multi)
out = {}
for name, p in (("recogniser.json", base), ("recogniser_multiview.json", multi), ("recogniser.json again", base)):
    t = []
    for im in ims:
        s = time.process_time()
        shapes.analyse_figure(im, [], params=p)
        t.append(time.process_time() - s)
    out[name] = np.array(t) * 1000
    print(name, 'median ms', round(float(np.median(t)) * 1000, 1))
d = out["recogniser_multiview.json"] - (out["recogniser.json"] + out["recogniser.json again"]) / 2
print('median added ms per figure', round(float(np.median(d)), 1), 'mean', round(float(d.mean()), 1))
