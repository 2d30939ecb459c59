#!/usr/bin/env python3
"""The same network, in the same convolutional form, in Debian's PyTorch: the reference for
`celldetect bench`. Prints one JSON object: seconds per 400x400 RGB stride-4 pass, per thread count.

Debian's python3-torch defaults to the slow reference BLAS and one thread; install
libopenblas0-pthread for a fair reference (the bench reports which BLAS torch was built against).
"""
import json, statistics, sys, time

import torch
import torch.nn as nn
import torch.nn.functional as F


class StructuredRegression(nn.Module):
    def __init__(self, channels=3):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, 32, 6)
        self.conv2 = nn.Conv2d(32, 32, 3)
        self.conv3 = nn.Conv2d(32, 32, 3)
        self.fc1 = nn.Conv2d(32, 1024, 8)
        self.fc2 = nn.Conv2d(1024, 1024, 1)
        self.fc3 = nn.Conv2d(1024, 289, 1)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.relu(self.conv3(x))
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return torch.sigmoid(self.fc3(x))


def main():
    side = int(sys.argv[1]) if len(sys.argv) > 1 else 445
    threads = [int(t) for t in sys.argv[2].split(",")] if len(sys.argv) > 2 else [1, 2]
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    torch.manual_seed(0)
    net = StructuredRegression().eval()
    x = torch.rand(1, 3, side, side)
    result = {"torch": torch.__version__, "side": side, "seconds": {}}
    config = torch.__config__.show()
    blas = next((item.split("=", 1)[1] for item in config.replace(",", " ").split() if item.startswith("BLAS_INFO=")), "unknown")
    # Debian builds against the generic libblas.so.3 interface; the library behind it is an alternative.
    import os
    provider = os.path.realpath("/usr/lib/x86_64-linux-gnu/libblas.so.3")
    result["blas"] = f"{blas} -> {os.path.basename(os.path.dirname(provider))}/{os.path.basename(provider)}"
    with torch.inference_mode():
        for t in threads:
            torch.set_num_threads(t)
            net(x)
            times = []
            for _ in range(repeats):
                start = time.perf_counter()
                net(x)
                times.append(time.perf_counter() - start)
            result["seconds"][str(t)] = {"median": statistics.median(times), "min": min(times), "max": max(times)}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
