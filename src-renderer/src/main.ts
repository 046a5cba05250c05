import { mount } from 'svelte'
import App from './App.svelte'
import './assets/app.css'

const target = document.getElementById('app')
if (!target) throw new Error('#app missing from index.html')
mount(App, { target })
