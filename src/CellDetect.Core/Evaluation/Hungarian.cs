namespace CellDetect.Core.Evaluation;

/// <summary>Exact minimum-cost assignment (Kuhn-Munkres with potentials, O(n² m)).</summary>
public static class Hungarian
{
    /// <summary>
    /// Assigns every row of an n x m cost matrix (n &lt;= m) to a distinct column so that the total cost is minimal.
    /// Returns, for each row, its column.
    /// </summary>
    public static int[] Solve(double[,] cost)
    {
        ArgumentNullException.ThrowIfNull(cost);
        int n = cost.GetLength(0), m = cost.GetLength(1);
        if (n > m)
        {
            throw new ArgumentException($"Need at most as many rows as columns, got {n}x{m}.", nameof(cost));
        }
        if (n == 0)
        {
            return Array.Empty<int>();
        }
        // 1-based arrays as in the classic formulation; column 0 is the virtual start.
        var u = new double[n + 1];
        var v = new double[m + 1];
        var p = new int[m + 1];     // p[j]: row matched to column j (0 = none)
        var way = new int[m + 1];
        var minv = new double[m + 1];
        var used = new bool[m + 1];
        for (int i = 1; i <= n; i++)
        {
            p[0] = i;
            int j0 = 0;
            Array.Fill(minv, double.PositiveInfinity);
            Array.Fill(used, false);
            do
            {
                used[j0] = true;
                int i0 = p[j0], j1 = 0;
                double delta = double.PositiveInfinity;
                for (int j = 1; j <= m; j++)
                {
                    if (used[j])
                    {
                        continue;
                    }
                    var current = cost[i0 - 1, j - 1] - u[i0] - v[j];
                    if (current < minv[j])
                    {
                        minv[j] = current;
                        way[j] = j0;
                    }
                    if (minv[j] < delta)
                    {
                        delta = minv[j];
                        j1 = j;
                    }
                }
                for (int j = 0; j <= m; j++)
                {
                    if (used[j])
                    {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    }
                    else
                    {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            }
            while (p[j0] != 0);
            do
            {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            }
            while (j0 != 0);
        }
        var result = new int[n];
        Array.Fill(result, -1);
        for (int j = 1; j <= m; j++)
        {
            if (p[j] != 0)
            {
                result[p[j] - 1] = j - 1;
            }
        }
        return result;
    }
}
