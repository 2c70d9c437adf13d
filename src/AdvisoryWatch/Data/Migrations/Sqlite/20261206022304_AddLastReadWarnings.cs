using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdvisoryWatch.Data.Migrations.Sqlite
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
                type: "TEXT",
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
