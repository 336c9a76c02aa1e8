# Issue 14, point 5: the header fields come back whenever the header is readable; -HeaderOnly reads no more.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-Module $ModuleManifest -Force
    $good = Join-Path $TestDrive 'good.pyc'
    Copy-Item (Get-FixturePyc 3.12 classes) $good
    $bytes = [IO.File]::ReadAllBytes($good)
    $truncated = Join-Path $TestDrive 'truncated.pyc'
    [IO.File]::WriteAllBytes($truncated, $bytes[0..40])
    $corrupt = Join-Path $TestDrive 'corrupt.pyc'
    $bad = [byte[]]$bytes.Clone()
    $bad[16] = 0x3F   # the body's first type code: '?' is no marshal type
    [IO.File]::WriteAllBytes($corrupt, $bad)
    $shortHeader = Join-Path $TestDrive 'short-header.pyc'
    [IO.File]::WriteAllBytes($shortHeader, $bytes[0..9])
    $expected = Get-PyPycInfo -LiteralPath $good
}

Describe 'Get-PyPycInfo' {
    It 'gives the header fields of a file whose body is cut short, BodyStatus Damaged and a warning naming file, offset and what was expected' {
        $info = Get-PyPycInfo -LiteralPath $truncated -ErrorVariable ev -WarningVariable w 3>$null
        $ev | Should -BeNullOrEmpty
        $info.Path | Should -Be $truncated
        foreach ($field in 'Magic', 'PythonVersion', 'Flags', 'Validation', 'SourceModified', 'Timestamp', 'SourceSize', 'HeaderSize') {
            "$($info.$field)" | Should -Be "$($expected.$field)" -Because $field
        }
        "$($info.BodyStatus)" | Should -Be 'Damaged'
        $info.BodyError | Should -Match '^at byte \d+ \(.+\): expected \d+ more byte\(s\) but the data ends'
        @($w).Count | Should -Be 1
        $w[0] | Should -BeLike "$truncated*at byte *expected*"
    }

    It 'says where a corrupt body goes wrong' {
        $info = Get-PyPycInfo -LiteralPath $corrupt -WarningVariable w 3>$null
        "$($info.BodyStatus)" | Should -Be 'Damaged'
        $info.BodyError | Should -Match '^at byte 16 '
        $w[0] | Should -BeLike "$corrupt*at byte 16*"
    }

    It 'marks a sound file Intact, without a warning' {
        $info = Get-PyPycInfo -LiteralPath $good -WarningVariable w 3>$null
        "$($info.BodyStatus)" | Should -Be 'Intact'
        $info.BodyError | Should -BeNullOrEmpty
        $w | Should -BeNullOrEmpty
    }

    It '-HeaderOnly does not read the body: BodyStatus NotRead and no warning, even for a damaged body' {
        $infos = Get-PyPycInfo -LiteralPath $good, $truncated -HeaderOnly -WarningVariable w 3>$null
        $infos.BodyStatus | ForEach-Object { "$_" } | Should -Be @('NotRead', 'NotRead')
        $infos[1].Magic | Should -Be $expected.Magic
        $w | Should -BeNullOrEmpty
    }

    It 'still reports a header cut short as PyDis.MalformedPyc' {
        Get-PyPycInfo -LiteralPath $shortHeader -HeaderOnly -ErrorVariable ev -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $ev[0].FullyQualifiedErrorId | Should -BeExactly 'PyDis.MalformedPyc,PyDis.Commands.GetPyPycInfoCommand'
        $ev[0].Exception.Message | Should -BeLike "$shortHeader*: at byte *"
    }

    It 'shows BodyStatus in the table view' {
        $text = Get-PyPycInfo -LiteralPath $truncated -WarningAction SilentlyContinue | Out-String -Width 160
        $text | Should -Match '\bBody\b'
        $text | Should -Match '\bDamaged\b'
    }
}
