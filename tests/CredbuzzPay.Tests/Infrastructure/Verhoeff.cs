namespace CredbuzzPay.Tests.Infrastructure;

/// <summary>
/// Verhoeff's check digit computed from its definition, not from tables: multiplication in the
/// dihedral group D5 (rotations 0-4, reflections 5-9), the permutation σ = (0 1 5 8 9 4 2 7)(3 6)
/// applied once per position, and the group inverse. Independent of the code under test, so that a
/// wrong table entry there is caught here.
/// </summary>
public static class Verhoeff
{
    /// <summary>j·k in D5: rotations add modulo 5; a reflection reverses the rotation that follows it.</summary>
    public static int Multiply(int j, int k) => (j < 5, k < 5) switch
    {
        (true, true) => (j + k) % 5,
        (true, false) => 5 + (j + k - 5) % 5,
        (false, true) => 5 + ((j - 5 - k) % 5 + 5) % 5,
        _ => ((j - k) % 5 + 5) % 5,
    };

    private static readonly int[] Sigma = Cycles();

    /// <summary>σ applied <paramref name="times"/> times to <paramref name="digit"/>.</summary>
    public static int Permute(int times, int digit)
    {
        for (var i = 0; i < times; i++)
        {
            digit = Sigma[digit];
        }
        return digit;
    }

    public static int Inverse(int j) => j is > 0 and < 5 ? 5 - j : j;

    public static int CheckDigit(string digits)
    {
        var c = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            c = Multiply(c, Permute(i + 1, digits[digits.Length - 1 - i] - '0'));
        }
        return Inverse(c);
    }

    public static bool IsValid(string digits)
    {
        var c = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            c = Multiply(c, Permute(i, digits[digits.Length - 1 - i] - '0'));
        }
        return c == 0;
    }

    private static int[] Cycles()
    {
        var sigma = new int[10];
        int[][] cycles = [[0, 1, 5, 8, 9, 4, 2, 7], [3, 6]];
        foreach (var cycle in cycles)
        {
            for (var i = 0; i < cycle.Length; i++)
            {
                sigma[cycle[i]] = cycle[(i + 1) % cycle.Length];
            }
        }
        return sigma;
    }
}
