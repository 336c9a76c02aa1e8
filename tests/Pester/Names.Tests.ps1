# Selecting code objects by name (issue 14 point 7): -Name matches co_name, the qualified name on every version
# (co_qualname from 3.11, derived from the nesting before) and the code path the views show.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Import-Module $ModuleManifest -Force
}

Describe 'Get-PyCodeObject -Name' {
    It 'matches the qualified name on Python <_>' -ForEach @('2.7', '3.0', '3.5', '3.8', '3.10', '3.11', '3.12', '3.13') {
        $pyc = Get-FixturePyc $_ classes
        (Get-PyCodeObject -LiteralPath $pyc -Name 'Base.*').Name | Sort-Object -Unique |
            Should -Be @('__init__', 'describe', 'doubled', 'make', 'static')
        (Get-PyCodeObject -LiteralPath $pyc -Name 'Derived.Inner.method').CodePath | Should -Be '<module>.Derived.Inner.method'
        (Get-PyCodeObject -LiteralPath $pyc -Name '*.<locals>.inner').QualName | Should -Be 'WithClosure.method.<locals>.inner'
        (Get-PyCodeObject -LiteralPath $pyc -Name 'make_class.<locals>.Local.get').CodePath | Should -Be '<module>.make_class.Local.get'
    }

    It 'matches the code path the views show on Python <_>' -ForEach @('2.7', '3.8', '3.12', '3.13') {
        $pyc = Get-FixturePyc $_ classes
        $method = Get-PyCodeObject -LiteralPath $pyc -Name '<module>.Derived.Inner.method'
        @($method).Count | Should -Be 1
        $method.QualName | Should -BeExactly 'Derived.Inner.method'
        @(Get-PyCodeObject -LiteralPath $pyc -Name '<module>.Base.*').Count | Should -Be 6
        # The piped object selects the same instructions as the name.
        @($method | Get-PyInstruction).Count | Should -BeGreaterThan 0
    }

    It 'still matches co_name, and a name that matches nothing returns nothing' {
        $pyc = Get-FixturePyc 3.8 classes
        @(Get-PyCodeObject -LiteralPath $pyc -Name describe).Count | Should -Be 2
        @(Get-PyCodeObject -LiteralPath $pyc -Name 'NoSuchName') | Should -BeNullOrEmpty
    }

    It 'gives QualName on every record before 3.11' {
        $pyc = Get-FixturePyc 3.8 classes
        (Get-PyInstruction -LiteralPath $pyc | Where-Object CodePath -eq '<module>.make_class.Local.get' | Select-Object -First 1).QualName |
            Should -BeExactly 'make_class.<locals>.Local.get'
        (Get-PyConstant -LiteralPath $pyc -Depth 0 | Select-Object -First 1).QualName | Should -BeExactly '<module>'
    }
}
