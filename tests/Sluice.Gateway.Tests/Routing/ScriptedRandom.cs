namespace Sluice.Gateway.Tests.Routing;

/// <summary>A random source that returns the given fractions in turn (then repeats the last), so picks are exact.</summary>
internal sealed class ScriptedRandom(params double[] fractions) : Random
{
    private int _next;

    public override double NextDouble() => fractions[Math.Min(_next++, fractions.Length - 1)];

    public override int Next(int maxValue) => (int)(NextDouble() * maxValue);
}
