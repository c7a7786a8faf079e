@echo off
rem Install (or upgrade) cnsnet from this folder, with no network: Windows.
rem   install.cmd [-Prefix PATH] [-Python PATH]   (see install.ps1)
powershell -NoProfile -ExecutionPolicy Bypass -File "%~dp0install.ps1" %*
exit /b %ERRORLEVEL%
