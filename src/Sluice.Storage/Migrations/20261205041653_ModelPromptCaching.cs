using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Sluice.Storage.Migrations
{
    /// <inheritdoc />
    public partial class ModelPromptCaching : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PromptCaching",
                table: "models",
                type: "TEXT",
                maxLength: 16,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PromptCaching",
                table: "models");
        }
    }
}
