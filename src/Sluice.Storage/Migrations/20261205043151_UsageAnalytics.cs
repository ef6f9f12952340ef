using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sluice.Storage.Migrations
{
    /// <inheritdoc />
    public partial class UsageAnalytics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<decimal>(
                name: "CostUsd",
                table: "usage_records",
                type: "TEXT",
                precision: 18,
                scale: 9,
                nullable: true,
                oldClrType: typeof(decimal),
                oldType: "TEXT",
                oldPrecision: 18,
                oldScale: 9);

            migrationBuilder.AddColumn<string>(
                name: "Account",
                table: "usage_records",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "ApiKeyId",
                table: "usage_records",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EndUser",
                table: "usage_records",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Metadata",
                table: "usage_records",
                type: "TEXT",
                maxLength: 8192,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PriceScope",
                table: "usage_records",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Teams",
                table: "usage_records",
                type: "TEXT",
                maxLength: 2048,
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "TimeToFirstTokenMs",
                table: "usage_records",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "UnixMs",
                table: "usage_records",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "VirtualAccount",
                table: "usage_records",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "usage_rollups",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PeriodMs = table.Column<long>(type: "INTEGER", nullable: false),
                    StartUnixMs = table.Column<long>(type: "INTEGER", nullable: false),
                    Model = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Account = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PrincipalId = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    VirtualAccount = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Teams = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Metadata = table.Column<string>(type: "TEXT", maxLength: 8192, nullable: false),
                    Requests = table.Column<long>(type: "INTEGER", nullable: false),
                    PromptTokens = table.Column<long>(type: "INTEGER", nullable: false),
                    CompletionTokens = table.Column<long>(type: "INTEGER", nullable: false),
                    CachedTokens = table.Column<long>(type: "INTEGER", nullable: false),
                    CacheWriteTokens = table.Column<long>(type: "INTEGER", nullable: false),
                    Images = table.Column<long>(type: "INTEGER", nullable: false),
                    CostUsd = table.Column<decimal>(type: "TEXT", precision: 18, scale: 9, nullable: false),
                    UnknownCost = table.Column<long>(type: "INTEGER", nullable: false),
                    Latency = table.Column<byte[]>(type: "BLOB", nullable: false),
                    TimeToFirstToken = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_usage_rollups", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_usage_records_PrincipalId",
                table: "usage_records",
                column: "PrincipalId");

            migrationBuilder.CreateIndex(
                name: "IX_usage_records_UnixMs",
                table: "usage_records",
                column: "UnixMs");

            migrationBuilder.CreateIndex(
                name: "IX_usage_rollups_PeriodMs_StartUnixMs",
                table: "usage_rollups",
                columns: new[] { "PeriodMs", "StartUnixMs" });

            // Existing rows: the time as Unix milliseconds (the stored text is ISO 8601 with an offset) and the account
            // (the part of the model name before the slash).
            // Rows stored before this migration get UnixMs and Account in UsageAnalyticsBackfill: SQL run here would run
            // while SQLite's rebuild of usage_records (for the nullable CostUsd) is still pending.
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "usage_rollups");

            migrationBuilder.DropIndex(
                name: "IX_usage_records_PrincipalId",
                table: "usage_records");

            migrationBuilder.DropIndex(
                name: "IX_usage_records_UnixMs",
                table: "usage_records");

            migrationBuilder.DropColumn(
                name: "Account",
                table: "usage_records");

            migrationBuilder.DropColumn(
                name: "ApiKeyId",
                table: "usage_records");

            migrationBuilder.DropColumn(
                name: "EndUser",
                table: "usage_records");

            migrationBuilder.DropColumn(
                name: "Metadata",
                table: "usage_records");

            migrationBuilder.DropColumn(
                name: "PriceScope",
                table: "usage_records");

            migrationBuilder.DropColumn(
                name: "Teams",
                table: "usage_records");

            migrationBuilder.DropColumn(
                name: "TimeToFirstTokenMs",
                table: "usage_records");

            migrationBuilder.DropColumn(
                name: "UnixMs",
                table: "usage_records");

            migrationBuilder.DropColumn(
                name: "VirtualAccount",
                table: "usage_records");

            migrationBuilder.AlterColumn<decimal>(
                name: "CostUsd",
                table: "usage_records",
                type: "TEXT",
                precision: 18,
                scale: 9,
                nullable: false,
                defaultValue: 0m,
                oldClrType: typeof(decimal),
                oldType: "TEXT",
                oldPrecision: 18,
                oldScale: 9,
                oldNullable: true);
        }
    }
}
