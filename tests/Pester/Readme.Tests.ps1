# README recipes run verbatim: each test checks that the README still holds the recipe's exact text, then runs
# that text in a small tree of fixture files laid out as the recipe expects.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-Module $ModuleManifest -Force
    $script:Readme = Get-Content -Raw -LiteralPath (Join-Path $RepoRoot 'README.md')

    # The recipe's text, after checking the README holds it as written here (line endings aside).
    function Get-Recipe([string] $Text) {
        $Text = $Text -replace "`r`n", "`n"
        ($Readme -replace "`r`n", "`n").Contains($Text) | Should -BeTrue -Because "the README holds the recipe`n$Text"
        [scriptblock]::Create($Text)
    }

    # A tree: two modules that import os (3.12 in __pycache__, 2.7 beside its source) and one that does not.
    $script:Tree = Join-Path $TestDrive 'tree'
    New-Item -ItemType Directory -Path (Join-Path $Tree '__pycache__'), (Join-Path $Tree 'old') | Out-Null
    Copy-Item (Get-FixturePyc 3.12 imports) (Join-Path $Tree '__pycache__/app.cpython-312.pyc')
    Copy-Item (Get-FixturePyc 2.7 imports) (Join-Path $Tree 'old/legacy.pyc')
    Copy-Item (Get-FixturePyc 3.12 classes) (Join-Path $Tree '__pycache__/classes.cpython-312.pyc')
}

Describe 'README recipes' {
    BeforeEach { Push-Location -LiteralPath $Tree }
    AfterEach { Pop-Location }

    It 'finds the files that import a module with Where-Object ArgVal -eq ''os''' {
        $recipe = Get-Recipe @'
Get-ChildItem -Recurse -Filter *.pyc | Get-PyInstruction -OpName IMPORT_NAME |
    Where-Object ArgVal -eq 'os' | Select-Object Path -Unique
'@
        $found = & $recipe
        @($found.Path | ForEach-Object { Split-Path -Leaf $_ } | Sort-Object) | Should -Be @('app.cpython-312.pyc', 'legacy.pyc')
    }

    It 'groups every import of a tree by the module name' {
        $recipe = Get-Recipe @'
Get-ChildItem -Recurse -Filter *.pyc | Get-PyInstruction -OpName IMPORT_NAME |
    Group-Object ArgVal | Sort-Object Count -Descending | Select-Object Count, Name
'@
        $groups = & $recipe
        # import os, from os import …: twice in each of the two files.
        ($groups | Where-Object Name -eq 'os').Count | Should -Be 4
        $groups.Name | Should -Not -Contain "'os'"
    }

    It 'exports instructions to CSV without Select-Object' {
        $recipe = Get-Recipe @'
Get-PyInstruction ./__pycache__/app.cpython-312.pyc | Export-Csv app.csv -NoTypeInformation
'@
        & $recipe
        $rows = Import-Csv -LiteralPath (Join-Path $Tree 'app.csv')
        @($rows).Count | Should -Be @(Get-PyInstruction ./__pycache__/app.cpython-312.pyc).Count
        ($rows | Where-Object OpName -eq IMPORT_NAME).ArgVal | Should -Contain 'os'
        ($rows | Where-Object OpName -eq IMPORT_NAME).ArgValRepr | Should -Contain "'os'"
    }
}
