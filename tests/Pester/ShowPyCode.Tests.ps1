BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-Module $ModuleManifest -Force
    function Get-Expected([string] $Version, [string] $Name, [string] $Variant) {
        [IO.File]::ReadAllText((Join-Path $Fixtures "$Version/$Name.dis/$Variant.txt"))
    }
    # Code object addresses are rewritten to 0x0 in the fixtures; the engine prints its own.
    function Hide-Address([string] $Text) { $Text -replace 'at 0x[0-9a-f]+', 'at 0x0' }
}

Describe 'Show-PyCode' {
    It '-Raw is byte for byte what Python <_> dis printed' -ForEach @('2.7', '3.8', '3.12', '3.13') {
        $text = Show-PyCode -LiteralPath (Get-FixturePyc $_ core_control) -Raw
        $text | Should -BeOfType [string]
        Hide-Address $text | Should -BeExactly (Get-Expected $_ core_control default)
    }

    It 'writes one string per line without -Raw' {
        $lines = Show-PyCode -LiteralPath (Get-FixturePyc 3.12 classes)
        $lines.Count | Should -BeGreaterThan 1
        Hide-Address (($lines -join "`n") + "`n") | Should -BeExactly (Get-Expected 3.12 classes default)
    }

    It 'passes the dis keywords: <Variant> on 3.13' -ForEach @(
        @{ Variant = 'C'; Splat = @{ ShowCaches = $true } }
        @{ Variant = 'O'; Splat = @{ ShowOffsets = $true } }
        @{ Variant = 'depth0'; Splat = @{ Depth = 0 } }
        @{ Variant = 'info'; Splat = @{ Info = $true } }
    ) {
        Hide-Address (Show-PyCode -LiteralPath (Get-FixturePyc 3.13 core_functions) -Raw @Splat) |
            Should -BeExactly (Get-Expected 3.13 core_functions $Variant)
    }

    It 'warns about a keyword the version''s dis does not have' {
        Show-PyCode -LiteralPath (Get-FixturePyc 3.8 classes) -ShowOffsets -Raw -WarningVariable w 3>$null | Out-Null
        $w | Should -Match 'ShowOffsets'
    }

    It 'shows a piped code object as dis.dis shows that code object' {
        $codes = Get-PyCodeObject -LiteralPath (Get-FixturePyc 2.7 classes)
        $walk = ($codes | ForEach-Object { Show-PyCode -InputObject $_ -Raw }) -join "`n"
        Hide-Address $walk | Should -BeExactly (Get-Expected 2.7 classes walk)
    }
}

# Issue 14, point 11: the help's comparison with CPython, run as the page prints it, on a file with nested code.
Describe 'Show-PyCode help, Example 2' {
    It 'returns True for a file with nested code objects' {
        $page = [IO.File]::ReadAllText((Join-Path $RepoRoot 'docs/en-US/Show-PyCode.md'))
        $example = [regex]::Match($page, '(?s)### Example 2: Compare with CPython.*?```powershell\r?\n(.*?)```').Groups[1].Value
        $example | Should -Match 'python3\.12'
        $work = Join-Path $TestDrive 'example2'
        $null = New-Item -ItemType Directory -Path (Join-Path $work '__pycache__') -Force
        Copy-Item (Get-FixturePyc 3.12 classes) (Join-Path $work '__pycache__/app.cpython-312.pyc')
        $python = Get-Command python3.12 -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
        if (-not ($python -and (& $python.Source -c 'print(1)' 2>$null) -eq '1')) {
            # No working interpreter here (CI; a pyenv shim without that version): what python3.12 printed for this file, line by line as a native command's
            # output arrives. The recording has its code object addresses rewritten to 0x0.
            $recorded = (Join-Path $Fixtures '3.12/classes.dis/default.txt') -replace "'", "''"
            Set-Item -Path function:python3.12 -Value ([scriptblock]::Create("Get-Content -LiteralPath '$recorded'"))
        }
        Push-Location $work
        try { $result = . ([scriptblock]::Create($example)) } finally { Pop-Location }
        $result | Should -BeExactly $true
    }
}
