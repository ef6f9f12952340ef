using Microsoft.EntityFrameworkCore;
using Sluice.Storage.Entities;

namespace Sluice.Storage;

/// <summary>
/// The configuration and usage store. The model is provider-neutral (no SQLite-only SQL): SQLite's migrations live
/// here, PostgreSQL's in Sluice.Storage.Postgres.
/// </summary>
public sealed class SluiceDbContext(DbContextOptions<SluiceDbContext> options) : DbContext(options)
{
    public DbSet<ProviderAccountEntity> ProviderAccounts => Set<ProviderAccountEntity>();

    public DbSet<ModelEntity> Models => Set<ModelEntity>();

    public DbSet<CollaboratorEntity> Collaborators => Set<CollaboratorEntity>();

    public DbSet<VirtualModelGroupEntity> VirtualModelGroups => Set<VirtualModelGroupEntity>();

    public DbSet<LoadBalancingConfigEntity> LoadBalancingConfigs => Set<LoadBalancingConfigEntity>();
    public DbSet<GatewayModelAliasesEntity> GatewayModelAliases => Set<GatewayModelAliasesEntity>();

    public DbSet<GlobalSettingsEntity> GlobalSettings => Set<GlobalSettingsEntity>();

    public DbSet<LimitConfigEntity> LimitConfigs => Set<LimitConfigEntity>();

    public DbSet<UserEntity> Users => Set<UserEntity>();

    public DbSet<TeamEntity> Teams => Set<TeamEntity>();

    public DbSet<TeamMemberEntity> TeamMembers => Set<TeamMemberEntity>();

    public DbSet<VirtualAccountEntity> VirtualAccounts => Set<VirtualAccountEntity>();

    public DbSet<VirtualAccountPermissionEntity> VirtualAccountPermissions => Set<VirtualAccountPermissionEntity>();

    public DbSet<ApiKeyEntity> ApiKeys => Set<ApiKeyEntity>();

    public DbSet<AuditEntryEntity> AuditEntries => Set<AuditEntryEntity>();

    public DbSet<UsageRecordEntity> UsageRecords => Set<UsageRecordEntity>();

    public DbSet<UsageRollupEntity> UsageRollups => Set<UsageRollupEntity>();

    public DbSet<SessionEntity> Sessions => Set<SessionEntity>();

    public DbSet<InviteEntity> Invites => Set<InviteEntity>();

    public DbSet<ClusterStateEntity> ClusterState => Set<ClusterStateEntity>();

    public DbSet<LoginFailureEntity> LoginFailures => Set<LoginFailureEntity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ProviderAccountEntity>(e =>
        {
            e.ToTable("provider_accounts");
            e.HasIndex(a => a.Name).IsUnique();
            e.Property(a => a.Name).HasMaxLength(64);
            e.Property(a => a.Type).HasMaxLength(64);
            e.Property(a => a.Region).HasMaxLength(32);
            e.Property(a => a.AuthType).HasMaxLength(32);
            e.Property(a => a.EndpointUrl).HasMaxLength(1024);
            e.Property(a => a.StsEndpointUrl).HasMaxLength(1024);
            e.Property(a => a.BaseUrl).HasMaxLength(1024);
            e.Property(a => a.AccessKeyId).HasMaxLength(128);
            e.Property(a => a.AssumedRoleArn).HasMaxLength(2048);
            e.Property(a => a.ExternalId).HasMaxLength(1224);
            e.Property(a => a.RowVersion).IsConcurrencyToken();
            e.HasMany(a => a.Models).WithOne(m => m.Account).HasForeignKey(m => m.AccountId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(a => a.Collaborators).WithOne(c => c.Account).HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ModelEntity>(e =>
        {
            e.ToTable("models");
            e.HasIndex(m => new { m.AccountId, m.Name }).IsUnique();
            e.Property(m => m.Name).HasMaxLength(64);
            e.Property(m => m.ModelId).HasMaxLength(256);
            e.Property(m => m.Region).HasMaxLength(32);
            e.Property(m => m.PromptCaching).HasMaxLength(16);
            e.Property(m => m.ModelTypes).HasMaxLength(64);
            e.Property(m => m.CostInputPer1K).HasPrecision(18, 9);
            e.Property(m => m.CostOutputPer1K).HasPrecision(18, 9);
            e.Property(m => m.CostCacheReadPer1K).HasPrecision(18, 9);
            e.Property(m => m.CostCacheWritePer1K).HasPrecision(18, 9);
        });

        modelBuilder.Entity<CollaboratorEntity>(e =>
        {
            e.ToTable("collaborators");
            e.HasIndex(c => new { c.AccountId, c.Subject, c.RoleId }).IsUnique();
            e.Property(c => c.Subject).HasMaxLength(320);
            e.Property(c => c.RoleId).HasMaxLength(64);
        });

        modelBuilder.Entity<VirtualModelGroupEntity>(e =>
        {
            e.ToTable("virtual_model_groups");
            e.HasIndex(g => g.Name).IsUnique();
            e.Property(g => g.Name).HasMaxLength(64);
        });

        modelBuilder.Entity<LoadBalancingConfigEntity>(e =>
        {
            e.ToTable("load_balancing_configs");
            e.Property(g => g.Name).HasMaxLength(64);
        });

        modelBuilder.Entity<GatewayModelAliasesEntity>(e =>
        {
            e.ToTable("gateway_model_aliases");
            e.Property(g => g.Name).HasMaxLength(64);
        });

        modelBuilder.Entity<GlobalSettingsEntity>(e =>
        {
            e.ToTable("global_settings");
            e.Property(g => g.Name).HasMaxLength(64);
        });

        modelBuilder.Entity<LimitConfigEntity>(e =>
        {
            e.ToTable("limit_configs");
            e.HasIndex(c => new { c.Type, c.Name }).IsUnique();
            e.Property(c => c.Type).HasMaxLength(64);
            e.Property(c => c.Name).HasMaxLength(128);
        });

        modelBuilder.Entity<UserEntity>(e =>
        {
            e.ToTable("users");
            e.HasIndex(u => u.Email).IsUnique();
            e.Property(u => u.Email).HasMaxLength(320);
            e.Property(u => u.PasswordHash).HasMaxLength(256);
        });

        modelBuilder.Entity<SessionEntity>(e =>
        {
            e.ToTable("sessions");
            e.HasKey(x => x.IdHash);
            e.Property(x => x.IdHash).HasMaxLength(64);
            e.Property(x => x.UserEmail).HasMaxLength(320);
            e.HasIndex(x => x.UserEmail);
        });

        modelBuilder.Entity<InviteEntity>(e =>
        {
            e.ToTable("invites");
            e.HasKey(x => x.TokenHash);
            e.Property(x => x.TokenHash).HasMaxLength(64);
            e.Property(x => x.Email).HasMaxLength(320);
            e.Property(x => x.InvitedBy).HasMaxLength(400);
            e.HasIndex(x => x.Email);
        });

        modelBuilder.Entity<ClusterStateEntity>(e =>
        {
            e.ToTable("cluster_state");
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.MasterKeyCheck).HasMaxLength(64);
            e.HasData(new ClusterStateEntity { Id = ClusterStateEntity.SingletonId, ConfigVersion = 0 });
        });

        modelBuilder.Entity<LoginFailureEntity>(e =>
        {
            e.ToTable("login_failures");
            e.HasKey(x => x.Key);
            e.Property(x => x.Key).HasMaxLength(400);
        });

        modelBuilder.Entity<TeamEntity>(e =>
        {
            e.ToTable("teams");
            e.HasIndex(t => t.Name).IsUnique();
            e.Property(t => t.Name).HasMaxLength(64);
            e.HasMany(t => t.Members).WithOne(m => m.Team).HasForeignKey(m => m.TeamId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<TeamMemberEntity>(e =>
        {
            e.ToTable("team_members");
            e.HasIndex(m => new { m.TeamId, m.Email }).IsUnique();
            e.Property(m => m.Email).HasMaxLength(320);
        });

        modelBuilder.Entity<VirtualAccountEntity>(e =>
        {
            e.ToTable("virtual_accounts");
            e.HasIndex(v => v.Name).IsUnique();
            e.Property(v => v.Name).HasMaxLength(64);
            e.HasMany(v => v.Permissions).WithOne(p => p.VirtualAccount).HasForeignKey(p => p.VirtualAccountId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<VirtualAccountPermissionEntity>(e =>
        {
            e.ToTable("virtual_account_permissions");
            e.Property(p => p.ResourceFqn).HasMaxLength(200);
            e.Property(p => p.ResourceType).HasMaxLength(64);
            e.Property(p => p.RoleId).HasMaxLength(64);
        });

        modelBuilder.Entity<ApiKeyEntity>(e =>
        {
            e.ToTable("api_keys");
            e.HasKey(k => k.Id);
            e.Property(k => k.Id).HasMaxLength(64);
            e.Property(k => k.Name).HasMaxLength(128);
            e.Property(k => k.OwnerSubject).HasMaxLength(400);
            e.Property(k => k.Purpose).HasMaxLength(32);
            e.HasIndex(k => k.OwnerSubject);
        });

        modelBuilder.Entity<AuditEntryEntity>(e =>
        {
            e.ToTable("audit_entries");
            e.Property(a => a.Actor).HasMaxLength(400);
            e.Property(a => a.Action).HasMaxLength(64);
            e.Property(a => a.Target).HasMaxLength(400);
        });

        modelBuilder.Entity<UsageRecordEntity>(e =>
        {
            e.ToTable("usage_records");
            e.Property(u => u.RequestId).HasMaxLength(128);
            e.Property(u => u.PrincipalId).HasMaxLength(400);
            e.Property(u => u.Model).HasMaxLength(200);
            e.Property(u => u.UpstreamModelId).HasMaxLength(256);
            e.Property(u => u.Region).HasMaxLength(32);
            e.Property(u => u.Operation).HasMaxLength(32);
            e.Property(u => u.ErrorCode).HasMaxLength(128);
            e.Property(u => u.ResolvedModel).HasMaxLength(200);
            e.Property(u => u.CostUsd).HasPrecision(18, 9);
            e.Property(u => u.Account).HasMaxLength(64);
            e.Property(u => u.PriceScope).HasMaxLength(64);
            e.Property(u => u.Teams).HasMaxLength(2048);
            e.Property(u => u.ApiKeyId).HasMaxLength(64);
            e.Property(u => u.VirtualAccount).HasMaxLength(64);
            e.Property(u => u.EndUser).HasMaxLength(256);
            e.Property(u => u.Metadata).HasMaxLength(8192);
            e.HasIndex(u => u.UnixMs);
            e.HasIndex(u => u.PrincipalId);
        });

        modelBuilder.Entity<UsageRollupEntity>(e =>
        {
            e.ToTable("usage_rollups");
            e.Property(u => u.Model).HasMaxLength(200);
            e.Property(u => u.Account).HasMaxLength(64);
            e.Property(u => u.PrincipalId).HasMaxLength(400);
            e.Property(u => u.VirtualAccount).HasMaxLength(64);
            e.Property(u => u.Teams).HasMaxLength(2048);
            e.Property(u => u.Metadata).HasMaxLength(8192);
            e.Property(u => u.CostUsd).HasPrecision(18, 9);
            e.HasIndex(u => new { u.PeriodMs, u.StartUnixMs });
        });
    }
}
