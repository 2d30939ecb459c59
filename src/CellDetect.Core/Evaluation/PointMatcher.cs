using CellDetect.Core.Detection;

namespace CellDetect.Core.Evaluation;

/// <summary>Pairs detections with annotated centres under a <see cref="MatchingRule"/>.</summary>
public static class PointMatcher
{
    public static IReadOnlyList<PointMatch> Match(IReadOnlyList<CellPoint> truth, IReadOnlyList<CellPoint> detections, EvaluationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options.Rule switch
        {
            MatchingRule.Strict => MatchStrict(truth, detections, options.Radius),
            MatchingRule.Paper => MatchPaper(truth, detections, options.Radius),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Rule, "Unknown matching rule."),
        };
    }

    /// <summary>
    /// One-to-one: the maximum number of (detection, annotation) pairs at distance &lt;= radius, and among all
    /// maximum matchings one with the least total distance. The pairs within the radius form a bipartite graph;
    /// each connected component is solved exactly with the O(n^3) Hungarian algorithm. Result sorted by detection index.
    /// </summary>
    public static IReadOnlyList<PointMatch> MatchStrict(IReadOnlyList<CellPoint> truth, IReadOnlyList<CellPoint> detections, double radius)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(detections);
        new EvaluationOptions(radius).Validate();
        var edges = CandidatePairs(truth, detections, radius);
        if (edges.Count == 0)
        {
            return Array.Empty<PointMatch>();
        }

        // Components: nodes 0..T-1 are annotations, T..T+D-1 detections.
        int t = truth.Count;
        var parent = new int[t + detections.Count];
        for (int i = 0; i < parent.Length; i++)
        {
            parent[i] = i;
        }
        foreach (var (ti, di, _) in edges)
        {
            Union(parent, ti, t + di);
        }
        var byComponent = new Dictionary<int, List<(int Truth, int Detection, double Distance)>>();
        foreach (var edge in edges)
        {
            var root = Find(parent, edge.Truth);
            if (!byComponent.TryGetValue(root, out var list))
            {
                byComponent[root] = list = new();
            }
            list.Add(edge);
        }

        var matches = new List<PointMatch>();
        foreach (var component in byComponent.Values)
        {
            if (component.Count == 1)
            {
                var only = component[0];
                matches.Add(new PointMatch(only.Detection, only.Truth, only.Distance));
                continue;
            }
            SolveComponent(component, radius, matches);
        }
        matches.Sort((a, b) => a.DetectionIndex.CompareTo(b.DetectionIndex));
        return matches;
    }

    /// <summary>
    /// The paper's rule: every detection within the radius of some annotation is a true positive, matched to its
    /// nearest annotation (the lower index on an exact tie). Several detections may share one annotation.
    /// </summary>
    public static IReadOnlyList<PointMatch> MatchPaper(IReadOnlyList<CellPoint> truth, IReadOnlyList<CellPoint> detections, double radius)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(detections);
        new EvaluationOptions(radius).Validate();
        var nearest = new (int Truth, double Squared)[detections.Count];
        for (int i = 0; i < nearest.Length; i++)
        {
            nearest[i] = (-1, double.PositiveInfinity);
        }
        foreach (var (ti, di, _, squared) in CandidatePairsSquared(truth, detections, radius))
        {
            var current = nearest[di];
            if (squared < current.Squared || (squared == current.Squared && ti < current.Truth))
            {
                nearest[di] = (ti, squared);
            }
        }
        var matches = new List<PointMatch>();
        for (int di = 0; di < nearest.Length; di++)
        {
            if (nearest[di].Truth >= 0)
            {
                matches.Add(new PointMatch(di, nearest[di].Truth, Math.Sqrt(nearest[di].Squared)));
            }
        }
        return matches;
    }

    private static List<(int Truth, int Detection, double Distance)> CandidatePairs(IReadOnlyList<CellPoint> truth, IReadOnlyList<CellPoint> detections, double radius) =>
        CandidatePairsSquared(truth, detections, radius).Select(e => (e.Truth, e.Detection, e.Distance)).ToList();

    /// <summary>All pairs with dx² + dy² &lt;= r², found through a grid of r-sized cells over the annotations.</summary>
    private static List<(int Truth, int Detection, double Distance, double Squared)> CandidatePairsSquared(IReadOnlyList<CellPoint> truth, IReadOnlyList<CellPoint> detections, double radius)
    {
        var pairs = new List<(int, int, double, double)>();
        if (truth.Count == 0 || detections.Count == 0)
        {
            return pairs;
        }
        var cell = Math.Max(radius, 1e-6);
        var grid = new Dictionary<(long, long), List<int>>();
        for (int i = 0; i < truth.Count; i++)
        {
            var key = CellOf(truth[i], cell);
            if (!grid.TryGetValue(key, out var list))
            {
                grid[key] = list = new List<int>();
            }
            list.Add(i);
        }
        var r2 = radius * radius;
        for (int d = 0; d < detections.Count; d++)
        {
            var p = detections[d];
            if (!double.IsFinite(p.X) || !double.IsFinite(p.Y))
            {
                continue;
            }
            var (cx, cy) = CellOf(p, cell);
            for (long gy = cy - 1; gy <= cy + 1; gy++)
            {
                for (long gx = cx - 1; gx <= cx + 1; gx++)
                {
                    if (!grid.TryGetValue((gx, gy), out var candidates))
                    {
                        continue;
                    }
                    foreach (var ti in candidates)
                    {
                        var dx = p.X - truth[ti].X;
                        var dy = p.Y - truth[ti].Y;
                        var squared = dx * dx + dy * dy;
                        if (squared <= r2)
                        {
                            pairs.Add((ti, d, Math.Sqrt(squared), squared));
                        }
                    }
                }
            }
        }
        return pairs;
    }

    private static (long, long) CellOf(CellPoint p, double cell) =>
        double.IsFinite(p.X) && double.IsFinite(p.Y)
            ? ((long)Math.Floor(p.X / cell), (long)Math.Floor(p.Y / cell))
            : (long.MinValue / 2, long.MinValue / 2);

    private static void SolveComponent(List<(int Truth, int Detection, double Distance)> component, double radius, List<PointMatch> matches)
    {
        var truthIds = component.Select(e => e.Truth).Distinct().OrderBy(i => i).ToArray();
        var detectionIds = component.Select(e => e.Detection).Distinct().OrderBy(i => i).ToArray();
        var rowsAreTruth = truthIds.Length <= detectionIds.Length;
        var rows = rowsAreTruth ? truthIds : detectionIds;
        var cols = rowsAreTruth ? detectionIds : truthIds;
        var rowIndex = rows.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        var colIndex = cols.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);

        // A pair outside the radius costs more than any matching's real distances could add up to, so a
        // minimum-cost assignment first maximises the number of real pairs, then minimises their total distance:
        // k+1 real pairs cost at most (n-k-1)M + (k+1)r < (n-k)M whenever M > (k+1)r.
        var forbidden = (rows.Length + 1) * Math.Max(radius, 1.0) + 1.0;
        var cost = new double[rows.Length, cols.Length];
        var allowed = new bool[rows.Length, cols.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            for (int j = 0; j < cols.Length; j++)
            {
                cost[i, j] = forbidden;
            }
        }
        foreach (var (ti, di, distance) in component)
        {
            var (r, c) = rowsAreTruth ? (rowIndex[ti], colIndex[di]) : (rowIndex[di], colIndex[ti]);
            cost[r, c] = distance;
            allowed[r, c] = true;
        }
        var assignment = Hungarian.Solve(cost);
        for (int r = 0; r < rows.Length; r++)
        {
            var c = assignment[r];
            if (c < 0 || !allowed[r, c])
            {
                continue;
            }
            var (ti, di) = rowsAreTruth ? (rows[r], cols[c]) : (cols[c], rows[r]);
            matches.Add(new PointMatch(di, ti, cost[r, c]));
        }
    }

    private static int Find(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void Union(int[] parent, int a, int b)
    {
        a = Find(parent, a);
        b = Find(parent, b);
        if (a != b)
        {
            parent[Math.Max(a, b)] = Math.Min(a, b);
        }
    }
}
