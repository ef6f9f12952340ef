using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sluice.Storage.Migrations
{
    /// <summary>Fills UnixMs and Account of the usage records stored before UsageAnalytics added them.</summary>
    [DbContext(typeof(SluiceDbContext))]
    [Migration("20261205043152_UsageAnalyticsBackfill")]
    public partial class UsageAnalyticsBackfill : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("UPDATE usage_records SET UnixMs = CAST(ROUND((julianday(Timestamp) - 2440587.5) * 86400000.0) AS INTEGER), Account = CASE WHEN instr(Model, '/') > 0 THEN substr(Model, 1, instr(Model, '/') - 1) ELSE '' END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
