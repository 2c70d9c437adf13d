using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdvisoryWatch.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddLastReadWarnings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "LastReadWarnings",
                table: "sources",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LastReadWarnings",
                table: "sources");
        }
    }
}
