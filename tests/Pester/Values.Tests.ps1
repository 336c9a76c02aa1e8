# Records hold values as PowerShell wants them (issue 14): ArgVal and the co_* tuples are values, the Python
# reprs stay beside them; PythonVersion is a [version]; code-object addresses do not move when an unrelated
# part of the file changes.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-Module $ModuleManifest -Force
    $imports312 = Get-FixturePyc 3.12 imports
    $constants312 = Get-FixturePyc 3.12 constants
    $constants27 = Get-FixturePyc 2.7 constants
}

Describe 'PythonVersion' {
    It 'is a [version] shown as X.Y' {
        $info = Get-PyPycInfo -LiteralPath $imports312
        $info.PythonVersion | Should -BeOfType [version]
        "$($info.PythonVersion)" | Should -BeExactly '3.12'
        (Get-PyInstruction -LiteralPath $imports312 | Select-Object -First 1).PythonVersion | Should -BeOfType [version]
        (Get-PyOpcode 3.8 | Select-Object -First 1).PythonVersion | Should -Be ([version]'3.8')
    }

    It 'sorts as versions and compares with -ge ''3.10''' {
        $infos = foreach ($v in '3.8', '3.12', '3.10', '2.7', '3.9') { Get-PyPycInfo -LiteralPath (Get-FixturePyc $v classes) }
        ($infos | Sort-Object PythonVersion).PythonVersion | ForEach-Object { "$_" } | Should -Be @('2.7', '3.8', '3.9', '3.10', '3.12')
        ($infos | Where-Object PythonVersion -ge '3.10').PythonVersion | ForEach-Object { "$_" } | Should -Be @('3.12', '3.10')
        ($infos | Where-Object { $_.PythonVersion -lt [version]'3.9' }).PythonVersion | ForEach-Object { "$_" } | Should -Be @('3.8', '2.7')
    }

    It 'exports to CSV as X.Y, and to JSON as X.Y with the about_PyDis recipe' {
        $row = Get-PyPycInfo -LiteralPath $imports312 | ConvertTo-Csv -NoTypeInformation | ConvertFrom-Csv
        $row.PythonVersion | Should -BeExactly '3.12'
        $json = Get-PyInstruction -LiteralPath $imports312 | Select-Object -First 2 |
            Select-Object -Property *, @{ n = 'PythonVersion'; e = { "$($_.PythonVersion)" } } -ExcludeProperty PythonVersion |
            ConvertTo-Json -Depth 4
        ($json | ConvertFrom-Json)[0].PythonVersion | Should -BeExactly '3.12'
        ($json | ConvertFrom-Json)[0].OpName | Should -Not -BeNullOrEmpty
    }

    It 'shows as X.Y in the default views' {
        $table = Get-PyPycInfo -LiteralPath $imports312 | Out-String -Width 200
        $table | Should -Match '\b3\.12\b'
        $table | Should -Not -Match '3\.12\.-1|Major|Revision'
        $list = Get-PyCodeObject -LiteralPath $imports312 | Select-Object -First 1 | Format-List | Out-String -Width 200
        $list | Should -Match 'PythonVersion\s*:\s*3\.12\s'
    }
}

Describe 'ArgVal' {
    It 'is the value: a name is a string, so Where-Object ArgVal -eq ''os'' finds the import' {
        $imports = Get-PyInstruction -LiteralPath $imports312 -OpName IMPORT_NAME
        @($imports | Where-Object ArgVal -eq 'os').Count | Should -Be 2   # import os; from os import path as p, sep
        ($imports | Where-Object ArgVal -eq 'os')[0].ArgVal | Should -BeOfType [string]
        ($imports | Where-Object ArgVal -eq 'os')[0].ArgValRepr | Should -BeExactly "'os'"
        ($imports | Where-Object ArgVal -eq 'os')[0].ArgRepr | Should -BeExactly 'os'
    }

    It 'is $null for an instruction without argument, with ArgValRepr None' {
        $noArg = Get-PyInstruction -LiteralPath $imports312 -OpName POP_TOP | Select-Object -First 1
        $noArg.ArgVal | Should -BeNullOrEmpty
        $null -eq $noArg.ArgVal | Should -BeTrue
        $noArg.ArgValRepr | Should -BeExactly 'None'
    }

    It 'is a number for ints and jump targets, a BigInteger for big ints, a double for floats' {
        $consts = Get-PyCodeObject -LiteralPath $constants312 -Name folded | Get-PyInstruction -OpName LOAD_CONST
        ($consts | Where-Object ArgValRepr -eq '1024').ArgVal | Should -BeOfType [int]
        ($consts | Where-Object ArgValRepr -eq '1024').ArgVal | Should -Be 1024
        ($consts | Where-Object ArgValRepr -eq '100000000000000000000').ArgVal | Should -BeOfType [System.Numerics.BigInteger]
        ($consts | Where-Object ArgValRepr -eq '0.3333333333333333').ArgVal | Should -BeOfType [double]
        ($consts | Where-Object ArgValRepr -eq 'nan').ArgVal | Should -BeOfType [double]
        $jump = Get-PyInstruction -LiteralPath (Get-FixturePyc 3.12 core_control) | Where-Object { $null -ne $_.JumpTarget } | Select-Object -First 1
        $jump.ArgVal | Should -BeOfType [int]
        $jump.ArgVal | Should -Be $jump.JumpTarget
    }

    It 'is an array for a tuple constant, which -contains searches' {
        $small = Get-PyInstruction -LiteralPath $constants312 -Depth 0 -OpName LOAD_CONST | Where-Object ArgValRepr -like '(0, 1, -1, 255*'
        $small.ArgVal -contains 255 | Should -BeTrue
        $small.ArgVal.Count | Should -Be 9
        $small.ArgVal[6] | Should -Be -5
        $small.ArgVal.ToString() | Should -BeExactly '(0, 1, -1, 255, 256, 257, -5, -6, 1000)'
        $strings = Get-PyInstruction -LiteralPath $constants312 -Depth 0 -OpName LOAD_CONST | Where-Object ArgValRepr -like "(b'', b'abc'*"
        $strings.ArgVal[1].ToString() | Should -BeExactly "b'abc'"
        [Text.Encoding]::ASCII.GetString([byte[]]$strings.ArgVal[1]) | Should -BeExactly 'abc'
    }

    It 'is the code path for a code object constant' {
        $make = Get-PyInstruction -LiteralPath $constants312 -Depth 0 -OpName LOAD_CONST | Where-Object ArgValRepr -like '<code object folded*'
        $make.ArgVal | Should -BeExactly '<module>.folded'
        $make.ArgRepr | Should -BeLike '<code object folded at 0x*, file "constants.py", line 33>'
    }

    It 'is $null, $true, $false for None, True, False, and a string for a 2.7 str constant' {
        $module = Get-PyConstant -LiteralPath $constants312 -Depth 0
        $null -eq ($module | Where-Object Repr -eq 'None').Value | Should -BeTrue
        ($module | Where-Object Repr -eq 'True').Value | Should -BeExactly $true
        ($module | Where-Object Repr -eq 'False').Value | Should -BeExactly $false
        $nested = ($module | Where-Object Repr -like '((1, (2, (3, *').Value
        $nested[1][3] | Should -BeNullOrEmpty
        $nested[0][1][1][1][0] | Should -BeExactly 'deep'
        $tab = Get-PyInstruction -LiteralPath $constants27 -Depth 0 -OpName LOAD_CONST | Where-Object ArgValRepr -eq "'tab\there'"
        $tab.ArgVal | Should -BeExactly "tab`there"
    }
}

Describe 'Code object tuples' {
    It 'Names, VarNames, FreeVars and CellVars are string arrays' {
        $module = Get-PyCodeObject -LiteralPath $imports312 | Select-Object -First 1
        $module.Names -contains 'os' | Should -BeTrue
        $module.Names[0] | Should -BeOfType [string]
        $local = Get-PyCodeObject -LiteralPath $imports312 -Name local_imports
        $local.VarNames -contains 're' | Should -BeTrue
        $closure = Get-PyCodeObject -LiteralPath (Get-FixturePyc 3.12 classes) -Name inner | Where-Object Name -ceq inner
        $closure.FreeVars | Should -Be @('x')
        @($closure.CellVars).Count | Should -Be 0
    }

    It 'Consts are values, with the tuple''s repr still at hand' {
        $folded = Get-PyCodeObject -LiteralPath $constants312 -Name folded
        $folded.Consts -contains 1024 | Should -BeTrue
        $folded.Consts -contains 'ababab' | Should -BeTrue
        $folded.Consts.Repr | Should -BeLike "(None, 1024, 'ababab', -1, *"
        $folded.Consts.ToString() | Should -BeExactly $folded.Consts.Repr
    }

    It 'Get-PyConstant gives Value beside Repr' {
        $c = Get-PyConstant -LiteralPath $constants312 -Depth 0 | Where-Object Repr -eq "'tab\there'"
        $c.Value | Should -BeExactly "tab`there"
    }
}

Describe 'Export' {
    It 'Export-Csv needs no Select-Object: arrays are written as their Python repr, values as text' {
        $csv = Join-Path $TestDrive 'i.csv'
        $records = Get-PyInstruction -LiteralPath $constants312 -Depth 0
        $records | Export-Csv -LiteralPath $csv -NoTypeInformation
        $back = Import-Csv -LiteralPath $csv
        @($back).Count | Should -Be @($records).Count
        (Get-Content -Raw -LiteralPath $csv) | Should -Not -Match 'System\.'
        $row = $back | Where-Object ArgValRepr -like '(0, 1, -1, 255*'
        $row.ArgVal | Should -BeExactly '(0, 1, -1, 255, 256, 257, -5, -6, 1000)'
        $row.PythonVersion | Should -BeExactly '3.12'
        ($back | Where-Object OpName -eq 'STORE_NAME' | Select-Object -First 1).ArgVal | Should -BeExactly 'print_function'

        $codes = Join-Path $TestDrive 'c.csv'
        Get-PyCodeObject -LiteralPath $imports312 | Export-Csv -LiteralPath $codes -NoTypeInformation
        (Get-Content -Raw -LiteralPath $codes) | Should -Not -Match 'System\.'
        (Import-Csv -LiteralPath $codes | Select-Object -First 1).Names | Should -BeLike "('__future__', 'print_function', *"
    }

    It 'ConvertTo-Json writes values: strings, numbers, null, arrays' {
        $records = Get-PyInstruction -LiteralPath $constants312 -Depth 0
        $json = $records | ConvertTo-Json -Depth 4 | ConvertFrom-Json
        ($json | Where-Object OpName -eq 'STORE_NAME' | Select-Object -First 1).ArgVal | Should -BeExactly 'print_function'
        $small = $json | Where-Object ArgValRepr -like '(0, 1, -1, 255*'
        $small.ArgVal | Should -Be @(0, 1, -1, 255, 256, 257, -5, -6, 1000)
        $null -eq ($json | Where-Object OpName -eq 'POP_TOP' | Select-Object -First 1).ArgVal | Should -BeTrue
    }
}

Describe 'Code object addresses' {
    It 'do not move when another part of the file changes, so unchanged functions compare equal' {
        $before = Join-Path $TestDrive 'before.pyc'
        $after = Join-Path $TestDrive 'after.pyc'
        Copy-Item $constants312 $before
        # A longer string constant early in the module shifts every later byte of the file.
        $i = (Get-PyConstant -LiteralPath $before -Depth 0 | Where-Object Repr -eq "'a'").Index
        Edit-PyCodeObject -LiteralPath $before -SetConstant @{ $i = 'a much longer string than before' } | Export-PyPyc $after
        $old = Get-PyInstruction -LiteralPath $before -Depth 0 | Where-Object ArgValRepr -like '<code object *'
        $new = Get-PyInstruction -LiteralPath $after -Depth 0 | Where-Object ArgValRepr -like '<code object *'
        @($old).Count | Should -Be 4
        Compare-Object $old $new -Property CodePath, OpName, ArgRepr | Should -BeNullOrEmpty
        # The README's "Compare two builds" recipe over every instruction: only the changed constant's load differs.
        $diff = Compare-Object (Get-PyInstruction -LiteralPath $before) (Get-PyInstruction -LiteralPath $after) -Property CodePath, OpName, ArgRepr
        @($diff).Count | Should -Be 2
        @($diff.ArgRepr) | Should -Contain "'a'"
        @($diff.ArgRepr) | Should -Contain "'a much longer string than before'"
        # ... while the two listings differ where the string changed.
        Compare-Object (Show-PyCode -LiteralPath $before -Raw) (Show-PyCode -LiteralPath $after -Raw) | Should -Not -BeNullOrEmpty
        ((Show-PyCode -LiteralPath $before -Raw) -split "`n" | Where-Object { $_ -like '*<code object*' }) |
            Should -Be ((Show-PyCode -LiteralPath $after -Raw) -split "`n" | Where-Object { $_ -like '*<code object*' })
    }

    It 'differ between code objects of the same name in one code object' {
        # Base.doubled: the property's getter and setter.
        $doubled = Get-PyInstruction -LiteralPath (Get-FixturePyc 3.12 classes) -OpName LOAD_CONST |
            Where-Object { $_.CodePath -eq '<module>.Base' -and $_.ArgValRepr -like '<code object doubled*' }
        @($doubled).Count | Should -Be 2
        $doubled[0].ArgRepr | Should -Not -Be $doubled[1].ArgRepr
    }
}
