# Shared by the Pester files: where the built module and the interpreter fixtures are.
$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:ModuleManifest = if ($env:PYDIS_MODULE) { $env:PYDIS_MODULE } else {
    Get-ChildItem (Join-Path $RepoRoot 'out/PyDis') -Filter PyDis.psd1 -Recurse | Select-Object -First 1 -ExpandProperty FullName
}
$script:Fixtures = Join-Path $RepoRoot 'tests/fixtures'

function Get-FixturePyc {
    param([string] $Version, [string] $Name)
    Join-Path $Fixtures "$Version/$Name.pyc"
}
