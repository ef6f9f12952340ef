namespace Sluice.Storage.Entities;

/// <summary>One configuration change: who did what to which target, with before/after JSON (secrets masked).</summary>
public sealed class AuditEntryEntity
{
    public long Id { get; set; }

    public required string Actor { get; set; }

    public required string Action { get; set; }

    public required string Target { get; set; }

    public DateTimeOffset At { get; set; }

    public string? BeforeJson { get; set; }

    public string? AfterJson { get; set; }
}
