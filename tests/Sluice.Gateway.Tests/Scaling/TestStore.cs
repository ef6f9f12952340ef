namespace Sluice.Gateway.Tests.Scaling;

/// <summary>The databases the storage tests run against: the same test, once per store.</summary>
public enum TestStore
{
    Sqlite,
    Postgres,
}
